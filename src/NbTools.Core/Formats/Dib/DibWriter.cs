using NbTools.Core.Formats.Text;
using NbTools.Core.Json;
using NbTools.Core.Model;
using Newtonsoft.Json.Linq;

namespace NbTools.Core.Formats.Dib;

/// <summary>
/// Writes Polyglot's .dib: a <c>#!meta</c> block with the kernel info (and, from NbTools, the
/// kernelspec and language_info), then each cell as <c>#!kernel</c>, a blank line, its lines, a
/// blank line – exactly as Polyglot writes it, so Polyglot's own files come back byte for byte.
/// What Polyglot's format cannot hold is written so NbTools reads it back exactly (see README.md).
/// </summary>
internal sealed class DibWriter(TextFormatOptions options)
{
    public void Write(Notebook notebook, Stream output)
    {
        var meta = Meta(notebook);
        var defaultKernel = meta.SelectToken("kernelInfo.defaultKernelName").Str()
            ?? NotebookLanguage.DefaultKernel(notebook) ?? NotebookLanguage.MainLanguage(notebook) ?? "csharp";
        var markers = notebook.Cells.Select(c => Marker(c, defaultKernel)).ToList();
        DeclareKernels(meta, markers);
        if (DibKernelKeys.Collect(notebook, defaultKernel, c => NotebookLanguage.MetadataKernel(c.MetadataView) ?? defaultKernel) is { } kernelKeys)
        {
            meta[DibKernelKeys.Key] = kernelKeys;
        }
        var syntax = new DibSyntax(DibSyntax.KernelNames(meta["kernelInfo"] as JObject));
        using var lines = new LineSink(output);
        if (meta.Count > 0) lines.AddRange(["#!meta", "", CompactJson(Canonical(meta)), ""]);
        for (var i = 0; i < notebook.Cells.Count; i++)
        {
            var cell = notebook.Cells[i];
            lines.Add(markers[i]);
            lines.Add("");
            var content = TextLines.OfSource(cell.Source).Select(l => syntax.NeedsEscape(l) ? DibSyntax.Escape(l) : l).ToList();
            lines.AddRange(content);
            var last = i == notebook.Cells.Count - 1;
            if (!last || (content.Count > 0 && content[^1].Length == 0)) lines.Add("");
        }
    }

    /// <summary>The <c>#!meta</c> JSON: Polyglot's notebook metadata plus the shown kernelspec/language_info/jupytext.</summary>
    private JObject Meta(Notebook notebook)
    {
        // An empty polyglot_notebook object stands for a .dib read without a #!meta block.
        var meta = notebook.Metadata["polyglot_notebook"] is JObject polyglot ? (JObject)polyglot.DeepClone() : new JObject();
        if (meta["kernelInfo"] is null && notebook.Metadata["polyglot_notebook"] is null)
        {
            var kernel = NotebookLanguage.DefaultKernel(notebook) ?? KernelFor(NotebookLanguage.MainLanguage(notebook));
            meta["kernelInfo"] = new JObject
            {
                ["defaultKernelName"] = kernel,
                ["items"] = new JArray(new JObject { ["name"] = kernel, ["aliases"] = new JArray() }),
            };
        }
        foreach (var key in new[] { "kernelspec", "language_info", "jupytext" })
        {
            if (options.NotebookMetadata.Shows(key) && notebook.Metadata[key] is { } value) meta[key] = value.DeepClone();
        }
        return meta;
    }

    /// <summary>Every kernel a cell marker names must be declared, or readers would not split there.</summary>
    private static void DeclareKernels(JObject meta, List<string> markers)
    {
        if (meta["kernelInfo"] is not JObject kernelInfo)
        {
            kernelInfo = new JObject();
            meta["kernelInfo"] = kernelInfo; // Newtonsoft copies a token that already has a parent: assign new ones only
        }
        var items = kernelInfo["items"] as JArray;
        if (meta.Count == 1 && kernelInfo.Count == 0 && markers.All(m => m[2..].Split(' ')[0] is var k && (DibSyntax.DefaultKernelNames.Contains(k) || k is "markdown" or "md")))
        {
            meta.Remove("kernelInfo"); // a file without #!meta: the default kernels suffice
            return;
        }
        var declared = new HashSet<string>(DibSyntax.KernelNames(kernelInfo), StringComparer.Ordinal) { "markdown", "md", "raw" };
        foreach (var marker in markers)
        {
            var name = marker[2..].Split(' ')[0];
            if (!declared.Add(name)) continue;
            if (items is null)
            {
                items = [];
                kernelInfo["items"] = items;
            }
            items.Add(new JObject { ["name"] = name, ["aliases"] = new JArray() });
        }
    }

    /// <summary>Keys sorted, as current Polyglot versions write them (and as the .ipynb stores them).</summary>
    private static JToken Canonical(JToken token) => token switch
    {
        JArray array => new JArray(array.Select(Canonical)),
        JObject obj => new JObject(obj.Properties().OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => new JProperty(p.Name, Canonical(p.Value)))),
        _ => token,
    };

    private static string KernelFor(string? language) => language switch
    {
        null => "python",
        "powershell" => "pwsh",
        _ => language.Replace(' ', '-'), // a marker names the kernel in one word ("wolfram language")
    };

    private static string Marker(Cell cell, string defaultKernel)
    {
        switch (cell.CellType)
        {
            case CellType.Markdown:
                return "#!markdown";
            case CellType.Code:
                return "#!" + (NotebookLanguage.MetadataKernel(cell.MetadataView) ?? defaultKernel);
            default:
                var marker = "#!raw";
                if (cell.CellType != CellType.Raw) marker += " --cell-type " + cell.CellType;
                if (cell.MetadataView["format"].Str() is { } format && !format.Any(char.IsWhiteSpace)) marker += " --format " + format;
                return marker;
        }
    }

    /// <summary>One-line JSON as .NET Interactive writes it (System.Text.Json's default escaping).</summary>
    internal static string CompactJson(JToken value)
    {
        using var buffer = new MemoryStream();
        using (var sink = new Utf8Sink(buffer))
        {
            var style = new JsonStyle(null, "\n", ":", ",", EscapeNonAscii: true, EscapeSlash: false, UpperHex: true, EscapeHtml: true, SortKeys: false, FinalNewline: false);
            new JsonFormatter(sink, style).WriteToken(value, 0);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
