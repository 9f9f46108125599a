using NbTools.Core.Formats.Percent;
using NbTools.Core.Formats.Text;
using NbTools.Core.Json;
using NbTools.Core.Model;
using Newtonsoft.Json.Linq;

namespace NbTools.Core.Formats.Light;

/// <summary>
/// Reads one cell of a light script where it starts, with jupytext's rules (its
/// <c>LightScriptCellReader</c>): a <c># +</c> region up to its end marker, else a commented paragraph
/// (markdown) or code up to a blank line that is not followed by indented code; commented magics and
/// escaped markers lose one comment level. NbTools' <c>nbtools.verbatim</c> regions are read as they are.
/// </summary>
internal sealed class LightCellReader(LightSyntax syntax, string mainLanguage, string file)
{
    /// <summary>Marker option: the region's lines are the cell's, with no escapes, magics or blank-line rules.</summary>
    public const string Verbatim = "nbtools.verbatim";

    public LightCell Read(IReadOnlyList<string> lines, int start)
    {
        JObject? metadata = null;
        var hasMarker = syntax.IsStart(lines[start]);
        if (hasMarker) metadata = LightOptions.Parse(syntax.StartOptions(lines[start]), file, start + 1);
        if (metadata?[Verbatim] is { } verbatim && (verbatim is JObject || verbatim is JValue { Type: JTokenType.Boolean } && (bool)verbatim))
        {
            return ReadVerbatim(lines, start, metadata, verbatim as JObject);
        }
        var language = metadata is not null ? Pop(metadata, "language") : null;

        string cellType;
        int end, next;
        bool explicitEnd;
        if (metadata is null && !syntax.IsCustomEnd(lines[start]) && syntax.ParagraphIsFullyCommented(lines, start))
        {
            cellType = CellType.Markdown;
            (end, next, explicitEnd) = (lines.Count, lines.Count, false);
            for (var i = start; i < lines.Count; i++)
            {
                if (!TextLines.IsBlank(lines[i])) continue;
                (end, next) = (i, i + 1);
                break;
            }
        }
        else
        {
            var endOfCell = metadata is null ? null : Pop(metadata, "endofcell") ?? "-";
            cellType = metadata is not null ? Pop(metadata, "cell_type") ?? CellType.Code : CellType.Code;
            bool dismissed;
            (end, next, explicitEnd, dismissed) = FindRegionEnd(lines, start, hasMarker, endOfCell, language ?? mainLanguage, verbatim: false);
            if (dismissed)
            {
                // jupytext: with custom markers a region must end with its end marker; another start
                // before it makes this start line plain code, and the region options are dropped.
                (metadata, language, hasMarker) = (null, null, false);
            }
        }
        metadata ??= new JObject();

        var cellStart = hasMarker ? start + 1 : start;
        var source = Slice(lines, cellStart, end);
        if (syntax.Python && explicitEnd && LightPep8.LastTwoLinesBlank(source))
        {
            source.RemoveRange(source.Count - 2, 2); // jupytext: PEP 8's two blank lines before an end marker
        }
        var content = Extract(source, cellType, metadata, language, explicitStart: hasMarker);
        if (cellType == CellType.Code && !LightActivity.IsActive("ipynb", metadata))
        {
            if (metadata["active"] is JValue { Type: JTokenType.String } active && (string?)active == "") metadata.Remove("active");
            cellType = CellType.Raw;
        }
        next = SkipSeparator(lines, next, explicitEnd);

        var text = string.Join("\n", content);
        if (cellType == CellType.Code && language is not null && !JupyterLanguages.IsMain(language, mainLanguage))
        {
            if (JupyterLanguages.Contains(language))
            {
                text = JupyterLanguages.MagicLine(mainLanguage, language, Pop(metadata, "magic_args")) + "\n" + text;
            }
            else
            {
                metadata["language"] = language;
            }
        }
        return new LightCell(cellType, text, metadata, Math.Max(next, start + 1));
    }

    /// <summary>NbTools' exact region: the lines up to the end marker are the cell (markdown and raw lines lose one comment).</summary>
    private LightCell ReadVerbatim(IReadOnlyList<string> lines, int start, JObject options, JObject? metadata)
    {
        options.Remove(Verbatim);
        var endOfCell = Pop(options, "endofcell") ?? "-";
        var cellType = Pop(options, "cell_type") ?? CellType.Code;
        var (end, next, explicitEnd, _) = FindRegionEnd(lines, start, true, endOfCell, mainLanguage, verbatim: true);
        var source = Slice(lines, start + 1, end);
        var content = cellType == CellType.Code ? source : source.Select(syntax.Lines.Uncomment).ToList();
        return new LightCell(cellType, string.Join("\n", content), (JObject?)metadata?.DeepClone() ?? options, SkipSeparator(lines, next, explicitEnd));
    }

    /// <summary>After a cell, one blank line before text is a separator (two after an end marker).</summary>
    private static int SkipSeparator(IReadOnlyList<string> lines, int next, bool explicitEnd)
    {
        if (next + 1 < lines.Count && TextLines.IsBlank(lines[next]) && !TextLines.IsBlank(lines[next + 1])) return next + 1;
        if (explicitEnd && next + 2 < lines.Count && TextLines.IsBlank(lines[next]) && TextLines.IsBlank(lines[next + 1]) && !TextLines.IsBlank(lines[next + 2])) return next + 2;
        return next;
    }

    private (int End, int Next, bool Explicit, bool Dismissed) FindRegionEnd(IReadOnlyList<string> lines, int start, bool hasMarker, string? endOfCell, string language, bool verbatim)
    {
        var tracker = new QuoteTracker(ScriptLanguage.UsualName(language) ?? language, LightSyntax.CommentOf(language), enabled: !verbatim);
        for (var i = start; i < lines.Count; i++)
        {
            if (hasMarker && i == start) continue;
            var line = lines[i];
            if (tracker.InString)
            {
                tracker.Read(line);
                continue;
            }
            tracker.Read(line);
            if (!verbatim && syntax.IsStart(line))
            {
                var dismissed = hasMarker && syntax.HasCustomMarkers;
                if (i > start && TextLines.IsBlank(lines[i - 1]))
                {
                    return i > start + 1 && TextLines.IsBlank(lines[i - 2]) ? (i - 2, i, false, dismissed) : (i - 1, i, false, dismissed);
                }
                return (i, i, false, dismissed);
            }
            if (endOfCell is not null)
            {
                if (syntax.IsEnd(line, endOfCell)) return (i, i + 1, true, false);
            }
            else if (TextLines.IsBlank(line) && !LightSyntax.NextCodeIsIndented(lines, i))
            {
                if (i > start) return (i, i + 1, false, false);
                return lines.Count > start + 1 && !TextLines.IsBlank(lines[start + 1]) ? (start + 1, start + 1, false, false) : (start + 1, start + 2, false, false);
            }
        }
        return (lines.Count, lines.Count, false, false);
    }

    /// <summary>jupytext's <c>extract_content</c>: uncomment inactive or other-language cells; else uncomment magics and escaped markers.</summary>
    private List<string> Extract(List<string> source, string cellType, JObject metadata, string? language, bool explicitStart)
    {
        if (syntax.Python && !LightActivity.IsActive("py", metadata, cellType == CellType.Code) && Docstring(source, metadata) is { } docstring)
        {
            return docstring;
        }
        if (!LightActivity.IsActive(syntax.Language.Extension[1..], metadata)
            || (metadata["active"] is null && language is not null && language != mainLanguage))
        {
            var comment = syntax.Language.Name == "R" ? "#" : syntax.Comment;
            return source.Select(l => LightSyntax.UncommentPrefix(l, comment)).ToList();
        }
        var lines = new List<string>(source);
        var cellLanguage = language ?? mainLanguage;
        if (LightActivity.IsActive(syntax.Language.Extension[1..], metadata))
        {
            LightMagics.Uncomment(syntax, lines, cellLanguage, explicitStart);
            if (cellType == CellType.Code && !explicitStart && LightMagics.NeedExplicitMarker(syntax, lines, cellLanguage))
            {
                metadata["comment_questions"] = false;
            }
        }
        if (syntax.Language.Name == "go" && language is null)
        {
            for (var i = 0; i < lines.Count; i++) lines[i] = syntax.UnescapeGonb(lines[i]);
        }
        if (cellType == CellType.Code) return LightMagics.UnescapeStart(syntax, lines, cellLanguage);
        return lines.Select(syntax.Lines.Uncomment).ToList();
    }

    /// <summary>A markdown cell written as a Python docstring (<c>"""…"""</c>): its text, and the quotes in <c>cell_marker</c>.</summary>
    private static List<string>? Docstring(List<string> source, JObject metadata)
    {
        var content = string.Join("\n", source).Trim();
        foreach (var prefix in new[] { "", "r", "R" })
        {
            foreach (var quotes in new[] { "\"\"\"", "'''" })
            {
                var left = prefix + quotes;
                var right = quotes;
                if (!content.StartsWith(left, StringComparison.Ordinal) || !content.EndsWith(right, StringComparison.Ordinal) || content.Length < left.Length + right.Length) continue;
                content = content[left.Length..^right.Length];
                if (content.StartsWith('\n'))
                {
                    content = content[1..];
                    left += "\n";
                }
                if (content.EndsWith('\n'))
                {
                    content = content[..^1];
                    right = "\n" + right;
                }
                if (prefix.Length == 0)
                {
                    if (left.Length == 4 && right.Length == 4) metadata["cell_marker"] = left[..3];
                }
                else if (left.Length == 5 && right.Length == 4)
                {
                    metadata["cell_marker"] = left[..4];
                }
                else
                {
                    metadata["cell_marker"] = left + "," + right;
                }
                return TextLines.OfSource(content);
            }
        }
        return null;
    }

    private static List<string> Slice(IReadOnlyList<string> lines, int from, int to)
    {
        var slice = new List<string>(Math.Max(0, to - from));
        for (var i = from; i < to; i++) slice.Add(lines[i]);
        return slice;
    }

    private static string? Pop(JObject metadata, string key)
    {
        var value = metadata[key];
        if (value is null) return null;
        metadata.Remove(key);
        return value.Str() ?? value.ToString(Newtonsoft.Json.Formatting.None);
    }
}
