using System.Text.RegularExpressions;
using NbTools.Core.Formats.Text;

namespace NbTools.Core.Formats.Myst;

/// <summary>The pieces of MyST Markdown a notebook is made of: fences, directives and block breaks.</summary>
internal static partial class MystSyntax
{
    public const string CodeDirective = "{code-cell}";
    public const string RawDirective = "{raw-cell}";

    /// <summary>The cell metadata key holding what MyST's reading would strip from a markdown cell.</summary>
    public const string Annotation = "nbtools";

    /// <summary>A fence opening at the left margin: its character run and info string.</summary>
    public static (string Fence, string Info)? FenceOpening(string line)
    {
        var match = Opening().Match(line);
        if (!match.Success || (match.Groups[1].Value[0] == '`' && match.Groups[2].Value.Contains('`'))) return null;
        return (match.Groups[1].Value, match.Groups[2].Value.Trim());
    }

    /// <summary>True when <paramref name="line"/> closes a fence opened with <paramref name="fence"/>.</summary>
    public static bool Closes(string line, string fence)
    {
        var trimmed = line.TrimStart(' ');
        if (line.Length - trimmed.Length > 3 || !trimmed.StartsWith(fence, StringComparison.Ordinal)) return false;
        var run = 0;
        while (run < trimmed.Length && trimmed[run] == fence[0]) run++;
        return trimmed[run..].Trim().Length == 0;
    }

    /// <summary>A block break <c>+++</c> (with optional JSON metadata after it).</summary>
    public static Match BlockBreak(string line) => Break().Match(line);

    /// <summary>True for a file jupytext would read as MyST: its header names the format, or (no format named) a code-cell directive is there.</summary>
    public static bool IsMyst(List<string> lines)
    {
        if (lines.Count > 0 && lines[0].TrimEnd() == "---")
        {
            for (var i = 1; i < lines.Count && lines[i].TrimEnd() != "---"; i++)
            {
                // A header that names its format decides (an NbTools Markdown file may quote a {code-cell} fence).
                if (HeaderFormat().Match(lines[i]) is { Success: true } named) return named.Groups[1].Value == "myst";
            }
        }
        return lines.Any(l => FenceOpening(l) is { } f && (f.Info.StartsWith(CodeDirective, StringComparison.Ordinal) || f.Info.StartsWith(RawDirective, StringComparison.Ordinal)));
    }

    /// <summary>A fence longer than every run of backticks that starts a line of the cell.</summary>
    public static string FenceFor(List<string> source)
    {
        var longest = 0;
        foreach (var line in source)
        {
            var run = 0;
            while (run < line.Length && line[run] == '`') run++;
            longest = Math.Max(longest, run);
        }
        return new string('`', Math.Max(3, longest + 1));
    }

    [GeneratedRegex(@"^(`{3,}|~{3,})(.*)$")]
    private static partial Regex Opening();

    [GeneratedRegex(@"^ {0,3}\+\+\+\s*(.*)$")]
    private static partial Regex Break();

    [GeneratedRegex(@"^\s+format_name:\s*['""]?([\w-]+)['""]?\s*$")]
    private static partial Regex HeaderFormat();
}
