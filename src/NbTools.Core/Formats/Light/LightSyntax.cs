using System.Text.RegularExpressions;
using NbTools.Core.Formats.Percent;
using NbTools.Core.Formats.Text;

namespace NbTools.Core.Formats.Light;

/// <summary>
/// The line-level rules of jupytext's light format for one language: the explicit cell markers
/// <c># +</c> (with options) and <c># -</c> (or <c># --</c>… when the cell holds <c># -</c>), escaped
/// marker-like code lines (<c># # +</c>), commented paragraphs as markdown, and the comment and
/// magic rules shared with the percent format.
/// </summary>
internal sealed class LightSyntax
{
    private const RegexOptions Options = RegexOptions.CultureInvariant;
    private readonly Regex start;
    private readonly Regex escapedStart;
    private static readonly Regex GonbEscaped = new(@"^((//\s*)*)(//\s*gonb:%%)", Options);
    private static readonly Regex GonbCommand = new(@"^(//\s*)*(%%\s*$|%%\s+-.*$)", Options);

    private readonly Regex? customEnd;

    /// <summary>The syntax for a language; <paramref name="cellMarkers"/> are jupytext's custom markers (<c>{{{,}}}</c>, <c>region,endregion</c>), read only.</summary>
    public LightSyntax(ScriptLanguage language, string? cellMarkers = null)
    {
        Language = language;
        Lines = new PercentSyntax(language);
        var c = Regex.Escape(language.Comment);
        start = new Regex($@"^{c}\s*\+(.*)$", Options);
        escapedStart = new Regex($@"^({c} |{c})*({c}|{c} )\+", Options);
        if (cellMarkers?.Split(',', 2) is [var open, var close])
        {
            start = new Regex($@"^{c}\s*{Regex.Escape(open)}(.*)$", Options);
            customEnd = new Regex($@"^{c}\s*{Regex.Escape(close)}\s*$", Options);
        }
    }

    /// <summary>Custom markers: a region needs its end marker, and a start before it dismisses the region (jupytext's rule).</summary>
    public bool HasCustomMarkers => customEnd is not null;

    /// <summary>A custom end marker (<c># }}}</c>).</summary>
    public bool IsCustomEnd(string line) => customEnd is not null && customEnd.IsMatch(line);

    public ScriptLanguage Language { get; }

    /// <summary>Comments, magics and the quote rules, as in the percent format.</summary>
    public PercentSyntax Lines { get; }

    public string Comment => Language.Comment;

    /// <summary>The magic rules of a cell language: the main one's, another table language's, or none (an unknown language has no magics).</summary>
    public PercentSyntax? MagicsOf(string language)
    {
        if (JupyterLanguages.IsMain(language, Language.Name)) return Lines;
        var other = ScriptLanguage.ByName(language);
        if (other is null) return null;
        lock (others)
        {
            if (!others.TryGetValue(other.Name, out var syntax)) others[other.Name] = syntax = new PercentSyntax(other);
            return syntax;
        }
    }

    private readonly Dictionary<string, PercentSyntax> others = new(StringComparer.Ordinal);

    /// <summary>PEP 8 spacing applies to Python scripts only (jupytext: the <c>.py</c> extension).</summary>
    public bool Python => Language.Extension == ".py";

    /// <summary>A start-of-cell marker: <c># +</c>, <c># + [markdown] key="value"</c>, <c># + {"key": 1}</c>.</summary>
    public bool IsStart(string line) => line.StartsWith(Comment, StringComparison.Ordinal) && (customEnd is not null || line.Contains('+')) && start.IsMatch(line);

    /// <summary>The text after <c>+</c> on a start marker, without the comment suffix (OCaml's <c>*)</c>).</summary>
    public string StartOptions(string line)
    {
        var suffix = Language.CommentSuffix;
        if (suffix.Length > 0)
        {
            if (line.EndsWith(" " + suffix, StringComparison.Ordinal)) line = line[..^(suffix.Length + 1)];
            else if (line.EndsWith(suffix, StringComparison.Ordinal)) line = line[..^suffix.Length];
        }
        return start.Match(line).Groups[1].Value;
    }

    /// <summary>The start marker for options text (empty: a bare <c># +</c>).</summary>
    public string StartLine(string options) => Comment + " +" + (options.Length > 0 ? " " + options : "");

    /// <summary>The end marker <c># -</c> (or <c># --</c>…).</summary>
    public string EndLine(string endOfCell) => Comment + " " + endOfCell;

    /// <summary>True for the end marker <paramref name="endOfCell"/>, trailing white space allowed.</summary>
    public bool IsEnd(string line, string endOfCell)
    {
        if (customEnd is not null) return customEnd.IsMatch(line);
        var marker = Comment + " " + endOfCell;
        return line.StartsWith(marker, StringComparison.Ordinal) && line.AsSpan(marker.Length).IsWhiteSpace();
    }

    /// <summary>The shortest end marker (<c>-</c>, <c>--</c>, …) that no line of the cell's text is.</summary>
    public string EndOfCellFor(IReadOnlyList<string> text)
    {
        var endOfCell = "-";
        while (text.Any(line => IsEnd(line, endOfCell))) endOfCell += "-";
        return endOfCell;
    }

    /// <summary>A line that would read as a start marker, possibly behind more comment prefixes (escaped once more when written).</summary>
    public bool IsEscapedStart(string line) => line.StartsWith(Comment, StringComparison.Ordinal) && line.Contains('+') && escapedStart.IsMatch(line);

    /// <summary>
    /// jupytext's markdown test: the paragraph at <paramref name="from"/> is comment lines (not commented
    /// magics) up to a blank line or the end of the text.
    /// </summary>
    public bool ParagraphIsFullyCommented(IReadOnlyList<string> lines, int from)
    {
        for (var i = from; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.StartsWith(Comment, StringComparison.Ordinal))
            {
                if (line.AsSpan(Comment.Length).TrimStart().StartsWith(Comment, StringComparison.Ordinal)) continue;
                if (Lines.IsMagic(line, explicitlyCode: false)) return false;
                continue;
            }
            return i > from && TextLines.IsBlank(line);
        }
        return true;
    }

    /// <summary>The next non-blank line from <paramref name="from"/> is indented (a blank line inside a block does not end the cell).</summary>
    public static bool NextCodeIsIndented(IReadOnlyList<string> lines, int from)
    {
        for (var i = from; i < lines.Count; i++)
        {
            if (TextLines.IsBlank(lines[i])) continue;
            return char.IsWhiteSpace(lines[i][0]);
        }
        return false;
    }

    /// <summary>Go notebooks: <c>%%</c> command lines are written as <c>//gonb:%%</c> (jupytext's escape).</summary>
    public string EscapeGonb(string line) => GonbCommand.Match(line) is { Success: true } m
        ? line[..m.Groups[2].Index] + "//gonb:" + line[m.Groups[2].Index..]
        : line;

    public string UnescapeGonb(string line) => GonbEscaped.Replace(line, "$1%%");

    /// <summary>Removes one <paramref name="comment"/> prefix (with its space) and nothing else.</summary>
    public static string UncommentPrefix(string line, string comment) =>
        line.StartsWith(comment + " ", StringComparison.Ordinal) ? line[(comment.Length + 1)..]
        : line.StartsWith(comment, StringComparison.Ordinal) ? line[comment.Length..] : line;

    /// <summary>jupytext's comment for a cell language (the main one's, else the table's).</summary>
    public static string? CommentOf(string language) => ScriptLanguage.ByName(language)?.Comment;
}
