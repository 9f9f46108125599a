using System.Buffers;

namespace NbTools.Core.Text;

/// <summary>
/// Splits text into lines, each keeping its line break, exactly like Python's
/// <c>str.splitlines(keepends=True)</c> – which is how nbformat stores multi-line strings.
/// </summary>
internal static class PythonLines
{
    public static List<string> SplitKeepEnds(string text)
    {
        var lines = new List<string>();
        for (var start = 0; start < text.Length;)
        {
            var end = LineEnd(text, start);
            lines.Add(text[start..end]);
            start = end;
        }
        return lines;
    }

    /// <summary>
    /// Where the line that starts at <paramref name="start"/> ends, after its line break (CRLF counts
    /// as one), or the text's length: lets writers walk the lines of <see cref="SplitKeepEnds"/> without strings.
    /// </summary>
    public static int LineEnd(string text, int start)
    {
        var at = text.AsSpan(start).IndexOfAny(Breaks);
        if (at < 0) return text.Length;
        var i = start + at;
        if (text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
        return i + 1;
    }

    private static readonly SearchValues<char> Breaks = SearchValues.Create("\n\r\u000b\u000c\u001c\u001d\u001e\u0085\u2028\u2029");

    /// <summary>Line boundaries Python's str.splitlines recognises.</summary>
    public static bool IsBreak(char c) => c is '\n' or '\r' or '\v' or '\f' or '\x1c' or '\x1d' or '\x1e' or '\x85' or '\u2028' or '\u2029';
}
