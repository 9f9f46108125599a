using System.Text.RegularExpressions;
using NbTools.Core.Formats.Text;
using NbTools.Core.Model;
using Newtonsoft.Json.Linq;

namespace NbTools.Core.Formats.Markdown;

/// <summary>
/// Writes a notebook as Markdown in jupytext's syntax: markdown cells as they are, code cells as
/// fenced blocks tagged with their language, raw cells and markdown that would not read back
/// exactly inside <c>&lt;!-- #raw --&gt;</c> / <c>&lt;!-- #region --&gt;</c> comments.
/// </summary>
internal sealed partial class MarkdownWriter(TextFormatOptions options)
{
    public void Write(Notebook notebook, Stream output)
    {
        var header = TextHeader.Build(notebook.Metadata, options.NotebookMetadata, ".md", "markdown");
        var cells = notebook.Cells.ToList();
        var frontMatter = FrontMatter.Of(cells, options.CellMetadata);
        if (frontMatter is not null) cells.RemoveAt(0);
        var head = new List<string> { "---" };
        if (frontMatter is not null) head.AddRange(frontMatter);
        head.AddRange(YamlHeader.ToLines(new JObject { ["jupyter"] = header }));
        head.Add("---");

        var mainLanguage = NotebookLanguage.MainLanguage(notebook) ?? "python";
        var defaultKernel = NotebookLanguage.DefaultKernel(notebook);
        var blocks = cells.Select(c => Render(c, mainLanguage, defaultKernel, protect: false)).ToList();
        var body = Body(blocks);
        // A markdown cell that reads back differently beside its neighbours (an indented code block
        // before two blank lines, blank lines next to a fence…) goes into a region; check again.
        for (var attempt = 0; attempt <= cells.Count; attempt++)
        {
            var culprit = FirstMisread(notebook, head, body, cells.Count);
            if (culprit is null || !blocks[culprit.Value].PlainMarkdown) break;
            blocks[culprit.Value] = Render(cells[culprit.Value], mainLanguage, defaultKernel, protect: true);
            body = Body(blocks);
        }
        using var lines = new LineSink(output);
        lines.AddRange(head);
        lines.AddRange(body);
    }

    private static List<string> Body(List<(List<string> Lines, bool PlainMarkdown)> blocks)
    {
        var body = new List<string>();
        var previousWasPlainMarkdown = false;
        foreach (var (block, plainMarkdown) in blocks)
        {
            body.Add("");
            if (plainMarkdown && previousWasPlainMarkdown) body.Add(""); // two blank lines separate markdown cells
            body.AddRange(block);
            previousWasPlainMarkdown = plainMarkdown;
        }
        return body;
    }

    /// <summary>
    /// The cell (index among the written cells) to protect when the text does not read back into the
    /// notebook's cells: the first one read differently, or the markdown cell before it that took
    /// its lines. Null when every cell reads back.
    /// </summary>
    private static int? FirstMisread(Notebook notebook, List<string> head, List<string> body, int written)
    {
        var read = new MarkdownReader("").Read(string.Join("\n", head.Concat(body)) + "\n").Cells;
        var skipped = notebook.Cells.Count - written; // a front matter cell is in the header
        for (var i = 0; i < Math.Max(read.Count, notebook.Cells.Count); i++)
        {
            if (i < read.Count && i < notebook.Cells.Count && read[i].CellType == notebook.Cells[i].CellType && read[i].Source == notebook.Cells[i].Source) continue;
            var index = Math.Min(i, notebook.Cells.Count - 1) - skipped;
            if (index < 0) return null;
            var plain = notebook.Cells[index + skipped].CellType == CellType.Markdown;
            return plain || index == 0 ? index : index - 1;
        }
        return null;
    }

    private (List<string> Lines, bool PlainMarkdown) Render(Cell cell, string mainLanguage, string? defaultKernel, bool protect)
    {
        var source = TextLines.OfSource(cell.Source);
        switch (cell.CellType)
        {
            case CellType.Markdown:
                var shown = CellMetadataView.Shown(cell, options.CellMetadata, defaultKernel);
                if (!protect && shown.Count == 0 && IsPlain(source, mainLanguage)) return (source, true);
                return (Region(RegionNameFor(source), shown, source), false);
            case CellType.Code:
                return (CodeBlock(cell, source, mainLanguage, defaultKernel), false);
            default:
                var metadata = CellMetadataView.Shown(cell, options.CellMetadata, defaultKernel);
                if (cell.CellType != CellType.Raw) metadata.Insert(0, new("cell_type", cell.CellType));
                return (Region("raw", metadata, source), false);
        }
    }

    private static List<string> Region(string name, List<KeyValuePair<string, JToken?>> metadata, List<string> source)
    {
        var options = MarkerOptions.Format(metadata);
        var lines = new List<string> { $"<!-- #{name}{(options.Length > 0 ? " " + options : "")} -->" };
        lines.AddRange(source);
        lines.Add($"<!-- #end{name} -->");
        return lines;
    }

    private static string RegionNameFor(List<string> source) =>
        source.Any(l => EndRegionPattern().IsMatch(l)) ? "md" : "region";

    private List<string> CodeBlock(Cell cell, List<string> source, string mainLanguage, string? defaultKernel)
    {
        var language = mainLanguage;
        var body = source;
        var metadata = new List<KeyValuePair<string, JToken?>>();
        if (JupyterLanguages.FirstLineMagic(source, mainLanguage) is { } magic)
        {
            language = magic.Name;
            body = source.Skip(1).ToList();
            if (magic.Arguments is not null) metadata.Add(new("magic_args", magic.Arguments));
        }
        metadata.InsertRange(0, CellMetadataView.Shown(cell, options.CellMetadata, defaultKernel));
        var longest = body.Select(l => BacktickRun(l)).DefaultIfEmpty(0).Max();
        var fence = new string('`', Math.Max(3, longest + 1));
        var optionText = MarkerOptions.Format(metadata);
        var lines = new List<string> { fence + language + (optionText.Length > 0 ? " " + optionText : "") };
        lines.AddRange(body.Count == 0 ? [""] : body); // an empty cell as jupytext writes it: one blank line
        lines.Add(fence);
        return lines;
    }

    /// <summary>Backticks at the start of a line (after up to three spaces): a fence must be longer.</summary>
    private static int BacktickRun(string line)
    {
        var i = 0;
        while (i < line.Length && i < 3 && line[i] == ' ') i++;
        var start = i;
        while (i < line.Length && line[i] == '`') i++;
        return i - start;
    }

    /// <summary>
    /// True when a markdown cell, read alone, is one markdown cell of all its lines (jupytext's test
    /// for writing it without a region), has text on its first line and no CR. Its neighbours are
    /// checked afterwards, on the whole text.
    /// </summary>
    private static bool IsPlain(List<string> source, string mainLanguage)
    {
        if (source.Count == 0 || TextLines.IsBlank(source[0]) || source.Any(l => l.Contains('\r') || RegionPattern().IsMatch(l))) return false;
        var pieces = MarkdownCellSplitter.Split(source, language => MarkdownReader.IsCellLanguage(language, mainLanguage));
        return pieces is [{ Kind: MarkdownCellSplitter.Kind.Markdown, ContentEnd: var end }] && end == source.Count;
    }

    [GeneratedRegex(@"^\s*<!--\s*#")]
    private static partial Regex RegionPattern();

    [GeneratedRegex(@"^<!--\s*#endregion\s*-->\s*$")]
    private static partial Regex EndRegionPattern();
}
