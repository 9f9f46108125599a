using System.Text.RegularExpressions;
using Markdig;
using Markdig.Syntax;
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
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePreciseSourceLocation().Build();

    public void Write(Notebook notebook, Stream output)
    {
        using var lines = new LineSink(output);
        var header = TextHeader.Build(notebook.Metadata, options.NotebookMetadata, ".md", "markdown");
        var cells = notebook.Cells.ToList();
        var frontMatter = FrontMatter.Of(cells, options.CellMetadata);
        if (frontMatter is not null) cells.RemoveAt(0);
        lines.Add("---");
        if (frontMatter is not null) lines.AddRange(frontMatter);
        lines.AddRange(YamlHeader.ToLines(new JObject { ["jupyter"] = header }));
        lines.Add("---");

        var mainLanguage = NotebookLanguage.MainLanguage(notebook) ?? "python";
        var fenceLanguage = mainLanguage;
        var defaultKernel = NotebookLanguage.DefaultKernel(notebook);
        var previousWasPlainMarkdown = false;
        foreach (var cell in cells)
        {
            var (block, plainMarkdown) = Render(cell, mainLanguage, fenceLanguage, defaultKernel);
            lines.Add("");
            if (plainMarkdown && previousWasPlainMarkdown) lines.Add(""); // two blank lines separate markdown cells
            lines.AddRange(block);
            previousWasPlainMarkdown = plainMarkdown;
        }
    }

    private (List<string> Lines, bool PlainMarkdown) Render(Cell cell, string mainLanguage, string fenceLanguage, string? defaultKernel)
    {
        var source = TextLines.OfSource(cell.Source);
        switch (cell.CellType)
        {
            case CellType.Markdown:
                var shown = CellMetadataView.Shown(cell, options.CellMetadata, defaultKernel);
                if (shown.Count == 0 && IsPlain(source)) return (source, true);
                return (Region(RegionNameFor(source), shown, source), false);
            case CellType.Code:
                return (CodeBlock(cell, source, mainLanguage, fenceLanguage, defaultKernel), false);
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

    private List<string> CodeBlock(Cell cell, List<string> source, string mainLanguage, string fenceLanguage, string? defaultKernel)
    {
        var language = fenceLanguage;
        var body = source;
        var impliedKernel = defaultKernel;
        var metadata = new List<KeyValuePair<string, JToken?>>();
        if (JupyterLanguages.FirstLineMagic(source, mainLanguage) is { } magic)
        {
            language = magic.Name;
            body = source.Skip(1).ToList();
            if (NotebookLanguage.MetadataKernel(cell.MetadataView) == magic.Name) impliedKernel = magic.Name;
            if (magic.Arguments is not null) metadata.Add(new("magic_args", magic.Arguments));
        }
        metadata.InsertRange(0, CellMetadataView.Shown(cell, options.CellMetadata, impliedKernel));
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
    /// True when a markdown cell reads back exactly without protection: no blank first or last line,
    /// no two blank lines in a row, no fenced code block at the left margin (it could read as a code
    /// cell), and no line that looks like a region comment.
    /// </summary>
    private static bool IsPlain(List<string> source)
    {
        if (source.Count == 0 || TextLines.IsBlank(source[0]) || TextLines.IsBlank(source[^1])) return false;
        for (var i = 1; i < source.Count; i++)
        {
            if (TextLines.IsBlank(source[i]) && TextLines.IsBlank(source[i - 1])) return false;
        }
        if (source.Any(l => l.Contains('\r') || RegionPattern().IsMatch(l))) return false;
        if (MarkdownParsing.TryParse(string.Join("\n", source), Pipeline) is not { } document) return false; // too deep to check: protect it
        return !document.Descendants<FencedCodeBlock>().Any(b => b.Column == 0) && !source.Any(l => l.StartsWith("```", StringComparison.Ordinal) || l.StartsWith("~~~", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"^\s*<!--\s*#")]
    private static partial Regex RegionPattern();

    [GeneratedRegex(@"^<!--\s*#endregion\s*-->\s*$")]
    private static partial Regex EndRegionPattern();
}
