using System.Text;
using Microsoft.DotNet.Interactive.Documents;
using NbTools.Core.Formats;
using NbTools.Core.Formats.Text;
using NbTools.Core.Model;
using Newtonsoft.Json.Linq;

namespace NbTools.Core.Tests.Formats.Text;

/// <summary>.dib files: agreement with .NET Interactive's own reader, and exact round trips.</summary>
public sealed class DibTests
{
    public static TheoryData<string> DibFiles()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(Corpus.Folder, "*.dib").Order(StringComparer.Ordinal)) data.Add(Path.GetFileName(f));
        return data;
    }

    [Theory]
    [MemberData(nameof(DibFiles))]
    public void Cells_and_kernels_agree_with_Microsoft_DotNet_Interactive_Documents(string name)
    {
        var text = File.ReadAllText(Corpus.PathOf(name));
        var theirs = CodeSubmission.Parse(text, DefaultKernels()).Elements;
        var ours = Notebooks.Read(Corpus.PathOf(name));
        // Their reader drops empty cells and trims blank lines around each cell; in files written by
        // Polyglot neither happens, so the cells must be the same.
        var oursVisible = ours.Cells.Where(c => c.Source.Trim('\n').Length > 0).ToList();
        Assert.Equal(theirs.Count, oursVisible.Count);
        for (var i = 0; i < theirs.Count; i++)
        {
            var cell = oursVisible[i];
            var kernel = cell.CellType == CellType.Markdown ? "markdown" : NotebookLanguage.MetadataKernel(cell.Metadata) ?? ours.Metadata.SelectToken("polyglot_notebook.kernelInfo.defaultKernelName")?.ToString() ?? "csharp";
            Assert.Equal(theirs[i].KernelName, kernel);
            Assert.Equal(theirs[i].Contents, cell.Source);
        }
    }

    [Theory]
    [MemberData(nameof(DibFiles))]
    public void Polyglot_dib_comes_back_byte_for_byte_through_ipynb(string name)
    {
        var original = File.ReadAllText(Corpus.PathOf(name));
        var viaIpynb = Notebooks.Read(Notebooks.ToBytes(Notebooks.Read(Corpus.PathOf(name))), "x.ipynb");
        var again = Encoding.UTF8.GetString(Notebooks.ToBytes(viaIpynb, "dib"));
        var a = original.Split('\n');
        var b = again.Split('\n');
        Assert.Equal(a.Length, b.Length);
        for (var i = 0; i < a.Length; i++)
        {
            if (i == 2 && a[0] == "#!meta")
            {
                // The #!meta JSON is written with sorted keys (as current Polyglot writes it); files
                // from older Polyglot versions list "name" first: same JSON, other key order.
                Assert.True(JToken.DeepEquals(JToken.Parse(a[i]), JToken.Parse(b[i])), $"meta differs: {a[i]} vs {b[i]}");
                continue;
            }
            Assert.Equal(a[i], b[i]);
        }
    }

    [Theory]
    [MemberData(nameof(DibFiles))]
    public void Dib_notebooks_survive_the_other_text_formats(string name)
    {
        var original = Notebooks.Read(Corpus.PathOf(name));
        foreach (var format in new[] { NotebookFormats.ScriptFor(original), NotebookFormats.ByName("md")! })
        {
            using var buffer = new MemoryStream();
            format.Write(original, buffer);
            var back = format.Read(buffer.ToArray(), "x" + format.Extensions[0]);
            Assert.Equal(original.Cells.Select(c => (c.CellType, c.Source)), back.Cells.Select(c => (c.CellType, c.Source)));
            Assert.Equal(original.Cells.Select(c => NotebookLanguage.CellKernel(original, c)), back.Cells.Select(c => NotebookLanguage.CellKernel(back, c)));
        }
    }

    [Fact]
    public void Cells_polyglot_cannot_hold_come_back_exactly()
    {
        var notebook = new Notebook();
        notebook.Metadata["kernelspec"] = new JObject { ["name"] = ".net-csharp", ["display_name"] = ".NET (C#)", ["language"] = "C#" };
        notebook.Cells.Add(new Cell(CellType.Code, ""));                                   // empty: Polyglot drops it
        notebook.Cells.Add(new Cell(CellType.Code, "\n\nvar x = 1;\n\n"));                 // blank lines around: Polyglot trims them
        notebook.Cells.Add(new Cell(CellType.Code, "#!fsharp\nlet y = 2"));                 // a kernel line: Polyglot splits there
        notebook.Cells.Add(new Cell(CellType.Code, "#!!fsharp\n#!set --name x"));           // already escaped-looking, and a magic
        notebook.Cells.Add(new Cell(CellType.Raw, "raw") { Metadata = new JObject { ["format"] = "text/html" } });
        notebook.Cells.Add(new Cell(CellType.Markdown, "last\n"));
        var text = Notebooks.ToBytes(notebook, "dib");
        var back = Notebooks.Read(text, "x.dib");
        Assert.Equal(notebook.Cells.Select(c => (c.CellType, c.Source)), back.Cells.Select(c => (c.CellType, c.Source)));
        Assert.Equal("text/html", (string?)back.Cells[4].Metadata["format"]);
        Assert.Contains("\n#!!fsharp\n", Encoding.UTF8.GetString(text));
    }

    private static KernelInfoCollection DefaultKernels()
    {
        var kernels = new KernelInfoCollection
        {
            new("csharp", "C#", ["cs", "C#", "c#"]),
            new("fsharp", "F#", ["fs", "F#", "f#"]),
            new("pwsh", "PowerShell", ["powershell"]),
            new("javascript", "JavaScript", ["js"]),
            new("html", "HTML", []),
            new("sql", "SQL", []),
            new("kql", "KQL", []),
            new("mermaid", "Mermaid", []),
            new("value", "Value", []),
            new("http", "HTTP", []),
        };
        kernels.DefaultKernelName = "csharp";
        return kernels;
    }
}
