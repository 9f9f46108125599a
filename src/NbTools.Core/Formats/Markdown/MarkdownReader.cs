using System.Text.RegularExpressions;
using Markdig;
using Markdig.Syntax;
using NbTools.Core.Formats.Ipynb;
using NbTools.Core.Formats.Text;
using NbTools.Core.Model;
using Newtonsoft.Json.Linq;

namespace NbTools.Core.Formats.Markdown;

/// <summary>
/// Reads Markdown notebooks (NbTools' and jupytext's). Markdig finds the fenced code blocks at the
/// left margin (fences of any length, backticks or tildes; fences inside lists stay markdown); a
/// backtick fence tagged with a language is a code cell. <c>&lt;!-- #region --&gt;</c> and
/// <c>&lt;!-- #raw --&gt;</c> comments hold cells verbatim; other text splits into markdown cells
/// at two blank lines.
/// </summary>
internal sealed partial class MarkdownReader(string file)
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePreciseSourceLocation().Build();

    public Notebook Read(string text)
    {
        var lines = TextLines.OfFile(text);
        var (metadata, frontMatterCell, start) = ReadHeader(lines);
        var notebook = new Notebook { Metadata = metadata };
        if (frontMatterCell is not null) notebook.Cells.Add(frontMatterCell);
        var mainLanguage = NotebookLanguage.MainLanguage(notebook) ?? "python";

        var body = lines.GetRange(start, lines.Count - start);
        var fences = FencedBlocks(body);
        var run = new List<(string Line, bool Protected)>();
        var i = 0;
        while (i < body.Count)
        {
            var region = RegionStart().Match(body[i]);
            if (region.Success)
            {
                FlushMarkdown(run, notebook);
                i = ReadRegion(body, i, start, region, notebook);
                continue;
            }
            if (fences.TryGetValue(i, out var fence) && fence.IsCell)
            {
                FlushMarkdown(run, notebook);
                notebook.Cells.Add(CodeCell(body, i, fence, start, mainLanguage));
                i = fence.End + 1;
                continue;
            }
            if (fences.TryGetValue(i, out var other))
            {
                for (var j = i; j <= other.End && j < body.Count; j++) run.Add((body[j], true));
                i = other.End + 1;
                continue;
            }
            run.Add((body[i], false));
            i++;
        }
        FlushMarkdown(run, notebook);
        CellIds.Assign(notebook);
        Text.KnownMetadata.Check(notebook, file);
        return notebook;
    }

    private (JObject Metadata, Cell? FrontMatterCell, int BodyStart) ReadHeader(List<string> lines)
    {
        if (lines.Count == 0 || lines[0].TrimEnd() != "---") return (new JObject(), null, 0);
        var end = 1;
        while (end < lines.Count && lines[end].TrimEnd() != "---") end++;
        if (end >= lines.Count) throw new NotebookFormatException(file, "the YAML header that starts at line 1 has no closing \"---\" line", line: 1);
        var yaml = lines.GetRange(1, end - 1);
        JObject mapping;
        try
        {
            mapping = YamlHeader.Parse(yaml);
        }
        catch (YamlHeaderException ex)
        {
            throw new NotebookFormatException(file, ex.Message, line: 1 + Math.Max(1, ex.Line));
        }
        catch (FormatException ex)
        {
            throw new NotebookFormatException(file, ex.Message, line: 2);
        }
        var metadata = mapping["jupyter"] is JObject jupyter ? TextHeader.Read(jupyter, "markdown", file) : new JObject();
        var (_, other) = FrontMatter.Split(yaml);
        var next = end + 1;
        if (next < lines.Count && TextLines.IsBlank(lines[next])) next++;
        return (metadata, other.Count > 0 ? FrontMatter.ToCell(other) : null, next);
    }

    private int ReadRegion(List<string> body, int i, int offset, Match region, Notebook notebook)
    {
        var name = region.Groups[1].Value;
        var endName = name is "region" ? "endregion" : "end" + name;
        var end = i + 1;
        while (end < body.Count && !IsRegionEnd(body[end], endName)) end++;
        if (end >= body.Count)
        {
            throw new NotebookFormatException(file, $"the <!-- #{name} --> region that starts here has no <!-- #{endName} -->", line: offset + i + 1);
        }
        var (title, options) = ParseOptions(region.Groups[2].Value, offset + i + 1);
        var cellType = name == "raw" ? CellType.Raw : CellType.Markdown;
        var metadata = new JObject();
        foreach (var (key, value) in options)
        {
            if (key == "cell_type" && value is JValue { Type: JTokenType.String }) cellType = (string)value!;
            else metadata[key] = value ?? JValue.CreateNull();
        }
        if (title.Length > 0) metadata["title"] = title;
        notebook.Cells.Add(new Cell(cellType, string.Join("\n", body.GetRange(i + 1, end - i - 1))) { Metadata = metadata });
        var next = end + 1;
        if (next < body.Count && TextLines.IsBlank(body[next])) next++;
        return next;
    }

    private static bool IsRegionEnd(string line, string endName) =>
        Regex.IsMatch(line, $@"^<!--\s*#{endName}\s*-->\s*$");

    private Cell CodeCell(List<string> body, int i, Fence fence, int offset, string mainLanguage)
    {
        var (_, options) = ParseOptions(fence.Options, offset + i + 1);
        var metadata = new JObject();
        string? magicArgs = null;
        foreach (var (key, value) in options)
        {
            if (key == "magic_args" && value is JValue { Type: JTokenType.String }) magicArgs = (string)value!;
            else metadata[key] = value ?? JValue.CreateNull();
        }
        var contentEnd = fence.Closed ? fence.End : fence.End + 1;
        var content = body.GetRange(i + 1, contentEnd - i - 1);
        var source = string.Join("\n", content); // one blank line (an empty cell) joins to ""
        if (!JupyterLanguages.IsMain(fence.Language, mainLanguage))
        {
            source = JupyterLanguages.MagicLine(mainLanguage, fence.Language, magicArgs) + "\n" + source;
        }
        return new Cell(CellType.Code, source) { Metadata = metadata };
    }

    /// <summary>Markdown lines between cells: blank lines around them are separators; two blank lines split cells.</summary>
    private static void FlushMarkdown(List<(string Line, bool Protected)> run, Notebook notebook)
    {
        var current = new List<string>();
        var blanks = new List<string>();
        foreach (var (line, isProtected) in run)
        {
            if (!isProtected && TextLines.IsBlank(line))
            {
                blanks.Add(line);
                continue;
            }
            if (blanks.Count >= 2 && current.Count > 0)
            {
                notebook.Cells.Add(new Cell(CellType.Markdown, string.Join("\n", current)));
                current.Clear();
            }
            else if (current.Count > 0)
            {
                current.AddRange(blanks);
            }
            blanks.Clear();
            current.Add(line);
        }
        if (current.Count > 0) notebook.Cells.Add(new Cell(CellType.Markdown, string.Join("\n", current)));
        run.Clear();
    }

    private (string Title, List<KeyValuePair<string, JToken?>> Options) ParseOptions(string text, int line)
    {
        try
        {
            return MarkerOptions.Parse(text.Trim());
        }
        catch (FormatException ex)
        {
            throw new NotebookFormatException(file, ex.Message, line: line);
        }
    }

    private sealed record Fence(int End, bool Closed, bool IsCell, string Language, string Options);

    /// <summary>Fenced code blocks at the left margin, by first line: where they end and whether they are code cells.</summary>
    private static Dictionary<int, Fence> FencedBlocks(List<string> body)
    {
        // CR inside lines is content here; Markdig would take a lone CR for a line break.
        var text = string.Join("\n", body).Replace('\r', ' ');
        var lineStarts = new List<int> { 0 };
        for (var k = 0; k < text.Length; k++) if (text[k] == '\n') lineStarts.Add(k + 1);
        var blocks = MarkdownParsing.TryParse(text, Pipeline) is { } document
            ? document.OfType<FencedCodeBlock>().Where(b => b.Column == 0).Select(b => (b.Line, b.ClosingFencedCharCount > 0, LineOf(lineStarts, Math.Max(b.Span.End, b.Span.Start))))
            : MarginFences(body); // too deep for Markdig: fences at the left margin found line by line
        var fences = new Dictionary<int, Fence>();
        foreach (var (startLine, closed, lastLine) in blocks)
        {
            var endLine = closed ? lastLine : body.Count - 1;
            var opening = body[startLine];
            var isBacktick = opening.StartsWith("```", StringComparison.Ordinal);
            var info = opening.TrimStart('`', '~');
            var language = info.Split(' ', 2)[0];
            var options = info.Length > language.Length ? info[(language.Length + 1)..] : "";
            var isCell = isBacktick && language.Length > 0 && JupyterLanguages.Contains(language);
            fences[startLine] = new Fence(endLine, closed, isCell, language, options);
        }
        return fences;
    }

    /// <summary>Fenced code blocks at the left margin by CommonMark's fence rules alone (opening run, closing run at least as long).</summary>
    private static IEnumerable<(int Start, bool Closed, int End)> MarginFences(List<string> body)
    {
        for (var i = 0; i < body.Count; i++)
        {
            var fence = body[i].StartsWith("```", StringComparison.Ordinal) ? '`' : body[i].StartsWith("~~~", StringComparison.Ordinal) ? '~' : '\0';
            if (fence == '\0') continue;
            var length = body[i].Length - body[i].TrimStart(fence).Length;
            var end = i + 1;
            while (end < body.Count && !(body[end].TrimStart(' ').Length >= length && body[end].Length - body[end].TrimStart(' ').Length < 4
                && body[end].TrimStart(' ').TrimStart(fence).Trim().Length == 0 && body[end].TrimStart(' ').Length - body[end].TrimStart(' ').TrimStart(fence).Length >= length)) end++;
            yield return (i, end < body.Count, Math.Min(end, body.Count - 1));
            i = end;
        }
    }

    private static int LineOf(List<int> lineStarts, int offset)
    {
        var index = lineStarts.BinarySearch(offset);
        return index >= 0 ? index : ~index - 1;
    }

    [GeneratedRegex(@"^<!--\s*#(region|markdown|md|raw)(.*?)\s*-->\s*$")]
    private static partial Regex RegionStart();
}
