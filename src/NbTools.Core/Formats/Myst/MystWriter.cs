using NbTools.Core.Formats.Text;
using NbTools.Core.Model;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace NbTools.Core.Formats.Myst;

/// <summary>
/// Writes MyST Markdown as jupytext does: the notebook metadata as front matter, code and raw
/// cells as <c>{code-cell}</c>/<c>{raw-cell}</c> fences, markdown as it is with <c>+++</c> between
/// consecutive markdown cells. What MyST's reading would change – leading line breaks, trailing
/// white space, empty markdown cells, markdown that would read as a cell break – is kept in an
/// <c>nbtools</c> annotation on the <c>+++</c> line, and code starting with a blank line gets the
/// separating blank line MyST's reader removes, so every cell reads back exactly.
/// </summary>
internal sealed class MystWriter(TextFormatOptions options)
{
    /// <summary>The MyST format version jupytext writes.</summary>
    public const string FormatVersion = "0.13";

    public void Write(Notebook notebook, Stream output)
    {
        using var lines = new LineSink(output);
        var header = TextHeader.Build(notebook.Metadata, options.NotebookMetadata, ".md", "myst");
        header["jupytext"]!["text_representation"]!["format_version"] = FormatVersion;
        lines.Add("---");
        lines.AddRange(YamlHeader.ToLines(header));
        lines.Add("---");
        var lexer = (string?)notebook.Metadata.SelectToken("language_info.pygments_lexer") ?? NotebookLanguage.MainLanguage(notebook);
        var defaultKernel = NotebookLanguage.DefaultKernel(notebook);
        var previousWasMarkdown = false;
        foreach (var cell in notebook.Cells)
        {
            var metadata = new JObject(CellMetadataView.Shown(cell, options.CellMetadata, defaultKernel).Select(p => new JProperty(p.Key, p.Value)));
            if (cell.CellType == CellType.Markdown) Markdown(lines, cell.Source, metadata, previousWasMarkdown);
            else Directive(lines, cell, metadata, lexer);
            previousWasMarkdown = cell.CellType == CellType.Markdown;
        }
    }

    private static void Markdown(LineSink lines, string source, JObject metadata, bool afterMarkdown)
    {
        var stripped = source.TrimEnd();
        while (stripped.StartsWith('\n')) stripped = stripped[1..];
        var body = TextLines.OfSource(stripped);
        if (!ReadsAsMarkdown(body))
        {
            metadata[MystSyntax.Annotation] = new JObject { ["source"] = source };
            body = [];
        }
        else if (stripped != source || stripped.Length == 0)
        {
            var start = source.IndexOf(stripped, StringComparison.Ordinal);
            metadata[MystSyntax.Annotation] = new JObject { ["before"] = source[..start], ["after"] = source[(start + stripped.Length)..] };
        }
        if (metadata.Count > 0 || afterMarkdown)
        {
            lines.Add("");
            lines.Add(metadata.Count > 0 ? "+++ " + metadata.ToString(Formatting.None) : "+++");
        }
        lines.Add("");
        lines.AddRange(body);
    }

    /// <summary>False when a line would end the markdown cell early: a block break or a fence left open or naming a directive.</summary>
    private static bool ReadsAsMarkdown(List<string> body)
    {
        for (var i = 0; i < body.Count; i++)
        {
            if (MystSyntax.BlockBreak(body[i]).Success) return false;
            if (MystSyntax.FenceOpening(body[i]) is not { } fence) continue;
            if (fence.Info.StartsWith(MystSyntax.CodeDirective, StringComparison.Ordinal) || fence.Info.StartsWith(MystSyntax.RawDirective, StringComparison.Ordinal)) return false;
            var end = i + 1;
            while (end < body.Count && !MystSyntax.Closes(body[end], fence.Fence)) end++;
            if (end >= body.Count) return false;
            i = end;
        }
        return true;
    }

    private static void Directive(LineSink lines, Cell cell, JObject metadata, string? lexer)
    {
        var source = TextLines.OfSource(cell.Source);
        var fence = MystSyntax.FenceFor(source);
        var isCode = cell.CellType == CellType.Code;
        if (!isCode && cell.CellType != CellType.Raw) metadata.AddFirst(new JProperty("cell_type", cell.CellType));
        lines.Add("");
        lines.Add(fence + (isCode ? MystSyntax.CodeDirective + (lexer is null ? "" : " " + lexer) : MystSyntax.RawDirective));
        var compact = false;
        if (metadata.Count > 0)
        {
            var yaml = YamlHeader.ToLines(metadata);
            compact = yaml.All(l => l.Length > 0 && char.IsLetter(l[0]));
            if (compact)
            {
                lines.AddRange(yaml.Select(l => ":" + l));
                lines.Add("");
            }
            else
            {
                lines.Add("---");
                lines.AddRange(yaml);
                lines.Add("---");
            }
        }
        // MyST's reader drops one blank line after the options (or the fence): give it one to drop.
        var first = source.Count > 0 ? source[0] : null;
        if (!compact && first is not null && (TextLines.IsBlank(first)
            || (metadata.Count == 0 && (first.StartsWith("---", StringComparison.Ordinal) || first.TrimStart().StartsWith(':')))))
        {
            lines.Add("");
        }
        lines.AddRange(source);
        lines.Add(fence);
    }
}
