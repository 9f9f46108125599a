using NbTools.Core.Formats.Ipynb;
using NbTools.Core.Formats.Text;
using NbTools.Core.Json;
using NbTools.Core.Model;
using Newtonsoft.Json.Linq;

namespace NbTools.Core.Formats.Dib;

/// <summary>
/// Reads .dib files into a notebook: the <c>#!meta</c> JSON becomes <c>polyglot_notebook</c>
/// metadata (kernelspec/language_info, when NbTools wrote them there, go back to their places);
/// each cell keeps its kernel. One blank line after a cell marker and one before the next are
/// separators; every other line is content, so sources come back exactly.
/// </summary>
internal sealed class DibReader(string file)
{
    public Notebook Read(string text)
    {
        var lines = TextLines.OfFile(text);
        var position = 0;
        var meta = new JObject();
        if (lines.Count > 0 && lines[0] == "#!meta")
        {
            var end = 1;
            while (end < lines.Count && !lines[end].StartsWith("#!", StringComparison.Ordinal)) end++; // the first cell marker
            var json = string.Join("\n", lines.GetRange(1, end - 1)).Trim();
            try
            {
                meta = json.Length == 0 ? new JObject() : JsonSource.ParseToken(System.Text.Encoding.UTF8.GetBytes(json)) as JObject
                    ?? throw new NotebookFormatException(file, "the #!meta block must hold a JSON object", line: 2);
            }
            catch (System.Text.Json.JsonException ex)
            {
                var jsonStart = 1;
                while (jsonStart < end && lines[jsonStart].Trim().Length == 0) jsonStart++;
                var reason = ex.Message.Split(" LineNumber:")[0].TrimEnd('.', ' ');
                throw new NotebookFormatException(file, "the #!meta block is not valid JSON: " + char.ToLowerInvariant(reason[0]) + reason[1..], line: jsonStart + 1 + (int)(ex.LineNumber ?? 0));
            }
            position = end;
        }

        var kernelKeys = meta[DibKernelKeys.Key] as JObject;
        meta.Remove(DibKernelKeys.Key);
        var notebook = new Notebook();
        var metadata = new JObject();
        foreach (var key in new[] { "kernelspec", "language_info", "jupytext" })
        {
            if (meta[key] is { } value)
            {
                metadata[key] = value;
                meta.Remove(key);
            }
        }
        // A non-.NET notebook only has kernel info here because .dib needs it: it does not go into the .ipynb.
        var dotnet = metadata["kernelspec"] is JObject spec
            ? (spec["name"].Str() ?? "").StartsWith(".net-", StringComparison.Ordinal)
            : meta.SelectToken("kernelInfo.defaultKernelName").Str() is null or "csharp" or "fsharp" or "pwsh";
        if (dotnet) metadata["polyglot_notebook"] = meta.DeepClone(); // empty when the file has no #!meta
        notebook.Metadata = metadata;
        var syntax = new DibSyntax(DibSyntax.KernelNames(meta["kernelInfo"] as JObject));
        var defaultKernel = meta.SelectToken("kernelInfo.defaultKernelName").Str() ?? "csharp";

        var first = position;
        while (first < lines.Count && syntax.CellStart(lines[first]) is null) first++;
        if (lines.Skip(position).Take(first - position).Any(l => !TextLines.IsBlank(l)))
        {
            var content = lines.GetRange(position, first - position);
            while (content.Count > 0 && content[0].Length == 0) content.RemoveAt(0);
            while (content.Count > 0 && content[^1].Length == 0) content.RemoveAt(content.Count - 1);
            notebook.Cells.Add(new Cell(CellType.Code, Unescape(syntax, content)));
        }
        position = first;
        while (position < lines.Count)
        {
            var (kernel, options) = syntax.CellStart(lines[position])!.Value;
            var next = position + 1;
            while (next < lines.Count && syntax.CellStart(lines[next]) is null) next++;
            var content = lines.GetRange(position + 1, next - position - 1);
            if (content.Count > 0 && content[0].Length == 0) content.RemoveAt(0);
            if (content.Count > 0 && content[^1].Length == 0) content.RemoveAt(content.Count - 1);
            notebook.Cells.Add(MakeCell(kernel, options, Unescape(syntax, content), defaultKernel, kernelKeys));
            position = next;
        }
        CellIds.Assign(notebook);
        Text.KnownMetadata.Check(notebook, file);
        return notebook;
    }

    private static string Unescape(DibSyntax syntax, List<string> content) =>
        string.Join("\n", content.Select(l => syntax.IsEscaped(l) ? DibSyntax.Unescape(l) : l));

    private static Cell MakeCell(string kernel, string options, string source, string defaultKernel, JObject? kernelKeys)
    {
        if (kernel is "markdown" or "md") return new Cell(CellType.Markdown, source);
        if (kernel == "raw")
        {
            var parts = options.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var cellType = CellType.Raw;
            var metadata = new JObject();
            for (var i = 0; i + 1 < parts.Length; i += 2)
            {
                if (parts[i] == "--cell-type") cellType = parts[i + 1];
                else if (parts[i] == "--format") metadata["format"] = parts[i + 1];
            }
            return new Cell(cellType, source) { Metadata = metadata };
        }
        var cell = new Cell(CellType.Code, source);
        DibKernelKeys.Apply(cell, kernel, defaultKernel, kernelKeys);
        return cell;
    }
}
