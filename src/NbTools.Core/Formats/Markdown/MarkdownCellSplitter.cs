using System.Text.RegularExpressions;
using NbTools.Core.Formats.Text;

namespace NbTools.Core.Formats.Markdown;

/// <summary>
/// Where the cells of a Markdown notebook start and end, by jupytext's rules (its reader decides
/// what a jupytext user sees, so ours decides the same): a region comment or a backtick fence
/// tagged with a cell language starts a cell of its own; other text is a markdown cell that ends
/// before two blank lines, a region or a code fence – blank lines inside fenced blocks that are not
/// cells and inside indented code blocks do not count. After a cell, one blank line before a
/// non-blank line is a separator (two after an explicit end).
/// </summary>
internal static partial class MarkdownCellSplitter
{
    /// <summary>What a piece of the body is.</summary>
    public enum Kind { Markdown, Region, Code }

    /// <summary>
    /// One cell of the body: its first line (the region or fence line for regions and code), the
    /// lines of its content [<paramref name="ContentStart"/>, <paramref name="ContentEnd"/>) and,
    /// for code, the fence's language and options.
    /// </summary>
    public sealed record Piece(Kind Kind, int Start, int ContentStart, int ContentEnd, bool Closed, string Language = "", string Options = "");

    /// <summary>Splits <paramref name="body"/> (the lines after the header) into cells.</summary>
    public static List<Piece> Split(List<string> body, Func<string, bool> isCellLanguage)
    {
        var pieces = new List<Piece>();
        var pos = 0;
        while (pos < body.Count)
        {
            var (piece, next, explicitEnd) = ReadOne(body, pos, isCellLanguage);
            pieces.Add(piece);
            pos = SkipSeparator(body, next, explicitEnd);
        }
        return pieces;
    }

    private static (Piece Piece, int Next, bool ExplicitEnd) ReadOne(List<string> body, int pos, Func<string, bool> isCellLanguage)
    {
        if (RegionStart().Match(body[pos]) is { Success: true } region)
        {
            var endName = region.Groups[1].Value is "region" ? "endregion" : "end" + region.Groups[1].Value;
            for (var i = pos + 1; i < body.Count; i++)
            {
                if (IsRegionEnd(body[i], endName)) return (new Piece(Kind.Region, pos, pos + 1, i, true), i + 1, true);
            }
            return (new Piece(Kind.Region, pos, pos + 1, body.Count, false), body.Count, false);
        }
        if (CodeFence(body[pos], isCellLanguage) is { } fence)
        {
            var closing = "```" + fence.ExtraBackticks;
            for (var i = pos + 1; i < body.Count; i++)
            {
                if (body[i].StartsWith(closing, StringComparison.Ordinal))
                {
                    return (new Piece(Kind.Code, pos, pos + 1, i, true, fence.Language, fence.Options), i + 1, true);
                }
            }
            return (new Piece(Kind.Code, pos, pos + 1, body.Count, false, fence.Language, fence.Options), body.Count, false);
        }
        var (end, next, explicitEnd) = MarkdownEnd(body, pos, isCellLanguage);
        return (new Piece(Kind.Markdown, pos, pos, end, true), next, explicitEnd);
    }

    /// <summary>The end of a markdown cell that starts at <paramref name="pos"/>, and where the next cell starts.</summary>
    private static (int End, int Next, bool ExplicitEnd) MarkdownEnd(List<string> body, int pos, Func<string, bool> isCellLanguage)
    {
        var blanks = 0;
        var inFencedBlock = false;
        var inIndentedBlock = false;
        for (var i = pos; i < body.Count; i++)
        {
            var line = body[i];
            var relative = i - pos;
            if (inFencedBlock && PlainFenceEnd().IsMatch(line))
            {
                inFencedBlock = false;
                continue;
            }
            var blank = TextLines.IsBlank(line);
            if (blanks > 0 && !blank && line.StartsWith("    ", StringComparison.Ordinal))
            {
                inIndentedBlock = true;
                blanks = 0;
                continue;
            }
            if (inIndentedBlock && !blank && !line.StartsWith("    ", StringComparison.Ordinal)) inIndentedBlock = false;
            if (inIndentedBlock || inFencedBlock) continue;
            if (RegionStart().IsMatch(line) || CodeFence(line, isCellLanguage) is not null)
            {
                // One blank line before a region or a code cell separates; more are content.
                return relative > 1 && blanks > 0 ? (i - 1, i, false) : (i, i, false);
            }
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                if (blanks >= 2) return (i - 2, i, true);
                inFencedBlock = true;
                blanks = 0;
                continue;
            }
            if (blank) blanks++;
            else if (blanks >= 2) return (i - 2, i, true);
            else blanks = 0;
        }
        return (body.Count, body.Count, false);
    }

    /// <summary>One blank line before a non-blank one is a separator; after an explicit end, two.</summary>
    private static int SkipSeparator(List<string> body, int next, bool explicitEnd)
    {
        if (next + 1 < body.Count && TextLines.IsBlank(body[next]) && !TextLines.IsBlank(body[next + 1])) return next + 1;
        if (explicitEnd && next + 2 < body.Count && TextLines.IsBlank(body[next]) && TextLines.IsBlank(body[next + 1])
            && !TextLines.IsBlank(body[next + 2]))
        {
            return next + 2;
        }
        return next;
    }

    /// <summary>
    /// A fence that starts a code cell: three or more backticks at the left margin, optional spaces,
    /// a cell language, then the end of the line or white space and options.
    /// </summary>
    public static (string ExtraBackticks, string Language, string Options)? CodeFence(string line, Func<string, bool> isCellLanguage)
    {
        if (!line.StartsWith("```", StringComparison.Ordinal)) return null;
        var i = 3;
        while (i < line.Length && line[i] == '`') i++;
        var extra = line[3..i];
        while (i < line.Length && char.IsWhiteSpace(line[i])) i++;
        var rest = line[i..];
        // Language names may hold a space ("wolfram language"): the longest that fits wins.
        for (var end = rest.Length; end > 0; end--)
        {
            if (end < rest.Length && !char.IsWhiteSpace(rest[end])) continue;
            var language = rest[..end];
            if (language.Length == 0 || char.IsWhiteSpace(language[^1]) || !isCellLanguage(language)) continue;
            var options = end < rest.Length ? rest[(end + 1)..] : "";
            return (extra, language, options);
        }
        return null;
    }

    public static bool IsRegionEnd(string line, string endName) =>
        Regex.IsMatch(line, $@"^<!--\s*#{endName}\s*-->\s*$");

    [GeneratedRegex(@"^<!--\s*#(region|markdown|md|raw)(.*)-->\s*$")]
    public static partial Regex RegionStart();

    [GeneratedRegex(@"^```\s*$")]
    private static partial Regex PlainFenceEnd();
}
