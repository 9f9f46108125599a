using System.Text;
using NbTools.Core.Formats;
using NbTools.Core.Formats.Text;
using NbTools.Core.Model;
using Newtonsoft.Json.Linq;

namespace NbTools.Core.Tests.Formats.Text;

/// <summary>The text formats' invariants over every corpus notebook.</summary>
public sealed class TextRoundTripTests
{
    public static TheoryData<string> AllNotebooks => Corpus.Notebooks();

    public static TheoryData<string, string> NotebooksAndFormats()
    {
        var data = new TheoryData<string, string>();
        foreach (var row in (IEnumerable<object[]>)Corpus.Notebooks())
        {
            foreach (var format in TextFormats) data.Add((string)row[0], format);
        }
        return data;
    }

    /// <summary>The text formats under test: the notebook's own script language, then the others as they land.</summary>
    public static readonly string[] TextFormats = [NotebookFormats.Script, "md", "md:myst", "dib", NotebookFormats.LightScript];

    [Theory]
    [MemberData(nameof(NotebooksAndFormats))]
    public void Ipynb_to_text_to_ipynb_keeps_types_sources_kernels_raw_formats_and_kernelspec(string name, string format)
    {
        var original = Notebooks.Read(Corpus.PathOf(name));
        var target = FormatFor(original, format);
        var text = ToBytes(target, original);
        var back = target.Read(text, name + target.Extensions[0]);

        Assert.Equal(original.Cells.Count, back.Cells.Count);
        for (var i = 0; i < original.Cells.Count; i++)
        {
            var (a, b) = (original.Cells[i], back.Cells[i]);
            Assert.True(a.CellType == b.CellType, $"cell {i}: type {a.CellType} became {b.CellType}");
            Assert.True(a.Source == b.Source, $"cell {i} ({a.CellType}) source changed:\n--- before\n{Visible(a.Source)}\n--- after\n{Visible(b.Source)}");
            if (a.IsCode) Assert.Equal(NotebookLanguage.CellKernel(original, a), NotebookLanguage.CellKernel(back, b));
            if (a.CellType == CellType.Raw) Assert.Equal(a.Metadata["format"]?.ToString(), b.Metadata["format"]?.ToString());
        }
        Assert.True(JToken.DeepEquals(original.Metadata["kernelspec"], back.Metadata["kernelspec"]), "kernelspec changed");
        Assert.True(JToken.DeepEquals(original.Metadata["language_info"], back.Metadata["language_info"]), "language_info changed");
    }

    [Theory]
    [MemberData(nameof(NotebooksAndFormats))]
    public void Text_is_a_fixed_point_through_ipynb(string name, string format)
    {
        var original = Notebooks.Read(Corpus.PathOf(name));
        var target = FormatFor(original, format);
        var text = ToBytes(target, original);
        var viaIpynb = Notebooks.Read(Notebooks.ToBytes(target.Read(text, "x" + target.Extensions[0])), "x.ipynb");
        var again = ToBytes(target, viaIpynb);
        Assert.Equal(Encoding.UTF8.GetString(text), Encoding.UTF8.GetString(again));
    }

    [Theory]
    [MemberData(nameof(NotebooksAndFormats))]
    public void Kernel_metadata_of_cells_in_another_kernel_comes_back_as_it_was(string name, string format)
    {
        // Polyglot cells in a non-default kernel (fsharp, pwsh, html…) keep their dotnet_interactive /
        // polyglot_notebook metadata, also when their first line is the kernel's magic (#!fsharp).
        var original = Notebooks.Read(Corpus.PathOf(name));
        var target = FormatFor(original, format);
        var back = target.Read(ToBytes(target, original), name + target.Extensions[0]);
        var defaultKernel = NotebookLanguage.DefaultKernel(original);
        for (var i = 0; i < original.Cells.Count; i++)
        {
            var cell = original.Cells[i];
            var kernel = NotebookLanguage.MetadataKernel(cell.Metadata);
            if (!cell.IsCode || kernel is null || kernel == defaultKernel) continue;
            foreach (var key in new[] { "dotnet_interactive", "polyglot_notebook" })
            {
                Assert.True(JToken.DeepEquals(cell.Metadata[key], back.Cells[i].Metadata[key]),
                    $"cell {i}: {key} was {cell.Metadata[key]?.ToString(Newtonsoft.Json.Formatting.None) ?? "absent"}, came back {back.Cells[i].Metadata[key]?.ToString(Newtonsoft.Json.Formatting.None) ?? "absent"}");
            }
        }
    }

    internal static INotebookFormat FormatFor(Notebook notebook, string format) => format switch
    {
        NotebookFormats.Script => NotebookFormats.ScriptFor(notebook),
        NotebookFormats.LightScript => NotebookFormats.LightScriptFor(notebook),
        _ => NotebookFormats.ByName(format)!,
    };

    private static byte[] ToBytes(INotebookFormat format, Notebook notebook)
    {
        using var buffer = new MemoryStream();
        format.Write(notebook, buffer);
        return buffer.ToArray();
    }

    private static string Visible(string s) => s.Replace("\r", "\\r").Replace("\t", "\\t").Replace("\n", "\\n\n");
}
