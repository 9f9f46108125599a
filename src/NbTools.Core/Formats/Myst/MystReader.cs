using NbTools.Core.Formats.Ipynb;
using NbTools.Core.Formats.Text;
using NbTools.Core.Model;
using Newtonsoft.Json.Linq;

namespace NbTools.Core.Formats.Myst;

/// <summary>
/// Reads MyST Markdown notebooks as jupytext does: the front matter is the notebook metadata,
/// <c>{code-cell}</c> and <c>{raw-cell}</c> fences at the left margin are cells (options as
/// <c>:key: value</c> lines or a <c>---</c> YAML block), <c>+++</c> lines split markdown cells
/// (JSON metadata after them), and markdown text loses its leading line breaks and trailing white
/// space – unless NbTools' <c>nbtools</c> annotation on the <c>+++</c> line gives them back.
/// </summary>
internal sealed class MystReader(string file)
{
    public Notebook Read(string text)
    {
        var lines = TextLines.OfFile(text);
        var (metadata, start) = ReadHeader(lines);
        var notebook = new Notebook { Metadata = metadata };
        var markdownStart = start;
        var markdownMetadata = new JObject();
        var i = start;
        while (i < lines.Count)
        {
            if (MystSyntax.FenceOpening(lines[i]) is { } fence)
            {
                var end = i + 1;
                while (end < lines.Count && !MystSyntax.Closes(lines[end], fence.Fence)) end++;
                var isCode = fence.Info.StartsWith(MystSyntax.CodeDirective, StringComparison.Ordinal);
                if (isCode || fence.Info.StartsWith(MystSyntax.RawDirective, StringComparison.Ordinal))
                {
                    Flush(notebook, lines, markdownStart, i, markdownMetadata);
                    notebook.Cells.Add(DirectiveCell(isCode ? CellType.Code : CellType.Raw, lines, i, Math.Min(end, lines.Count)));
                    markdownMetadata = new JObject();
                    markdownStart = end + 1;
                }
                i = end + 1;
                continue;
            }
            var blockBreak = MystSyntax.BlockBreak(lines[i]);
            if (blockBreak.Success)
            {
                Flush(notebook, lines, markdownStart, i, markdownMetadata);
                markdownMetadata = BreakMetadata(blockBreak.Groups[1].Value, i);
                markdownStart = i + 1;
            }
            i++;
        }
        Flush(notebook, lines, markdownStart, lines.Count, markdownMetadata);
        CellIds.Assign(notebook);
        return notebook;
    }

    private (JObject Metadata, int BodyStart) ReadHeader(List<string> lines)
    {
        if (lines.Count == 0 || lines[0].TrimEnd() != "---") return (new JObject(), 0);
        var end = 1;
        while (end < lines.Count && lines[end].TrimEnd() != "---") end++;
        if (end >= lines.Count) throw new NotebookFormatException(file, "the YAML header that starts at line 1 has no closing \"---\" line", line: 1);
        var root = YamlHeader.Parse(lines.GetRange(1, end - 1), file, 2);
        return (TextHeader.Read(root, "myst", file), end + 1);
    }

    /// <summary>Markdown text between cells, as jupytext keeps it; an NbTools annotation restores what that drops.</summary>
    private static void Flush(Notebook notebook, List<string> lines, int start, int end, JObject metadata)
    {
        var text = start < end ? string.Join("\n", lines.GetRange(start, end - start)) : "";
        var stripped = text.TrimEnd();
        while (stripped.StartsWith('\n')) stripped = stripped[1..];
        if (metadata[MystSyntax.Annotation] is JObject annotation)
        {
            metadata.Remove(MystSyntax.Annotation);
            var source = (string?)annotation["source"] ?? (string?)annotation["before"] + stripped + (string?)annotation["after"];
            notebook.Cells.Add(new Cell(CellType.Markdown, source) { Metadata = metadata });
        }
        else if (stripped.Length > 0)
        {
            notebook.Cells.Add(new Cell(CellType.Markdown, stripped) { Metadata = metadata });
        }
    }

    private Cell DirectiveCell(string cellType, List<string> lines, int open, int close)
    {
        var content = lines.GetRange(open + 1, close - open - 1);
        var metadata = new JObject();
        var body = 0;
        if (content.Count > 0 && content[0].StartsWith("---", StringComparison.Ordinal))
        {
            var yamlEnd = 1;
            while (yamlEnd < content.Count && !content[yamlEnd].StartsWith("---", StringComparison.Ordinal)) yamlEnd++;
            metadata = YamlHeader.Parse(content.GetRange(1, yamlEnd - 1), file, open + 3);
            body = Math.Min(yamlEnd + 1, content.Count);
        }
        else if (content.Count > 0 && content[0].TrimStart().StartsWith(':'))
        {
            var options = new List<string>();
            while (body < content.Count && content[body].TrimStart().StartsWith(':')) options.Add(content[body++].TrimStart()[1..]);
            metadata = YamlHeader.Parse(options, file, open + 2);
        }
        if (body < content.Count && TextLines.IsBlank(content[body])) body++; // a blank line may separate options and code
        return new Cell(cellType, string.Join("\n", content.Skip(body))) { Metadata = metadata };
    }

    private JObject BreakMetadata(string json, int index)
    {
        if (json.Trim().Length == 0) return new JObject();
        try
        {
            return JToken.Parse(json) as JObject ?? throw new NotebookFormatException(file, "the metadata after +++ must be a JSON object", line: index + 1);
        }
        catch (Newtonsoft.Json.JsonException ex)
        {
            throw new NotebookFormatException(file, "the metadata after +++ is not valid JSON: " + ex.Message, line: index + 1);
        }
    }
}
