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
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (!IsBreak(c)) continue;
            if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
            lines.Add(text[start..(i + 1)]);
            start = i + 1;
        }
        if (start < text.Length) lines.Add(text[start..]);
        return lines;
    }

    /// <summary>Line boundaries Python's str.splitlines recognises.</summary>
    public static bool IsBreak(char c) => c is '\n' or '\r' or '\v' or '\f' or '\x1c' or '\x1d' or '\x1e' or '\x85' or '\u2028' or '\u2029';
}
