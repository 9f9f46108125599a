namespace NbTools.Core.Formats.Percent;

/// <summary>
/// Tells whether a line starts inside a string literal, line by line, with the same simple rules
/// jupytext uses, so that both tools agree on where cells start: a cell marker inside a
/// triple-quoted string is text, not a marker. Quotes are ' and "; triple quotes span lines
/// (not in R); single quotes end at the line end; comment lines are skipped. A tracker that is not
/// <paramref name="enabled"/> never sees a string (cells written with <c>nbtools.open_string</c>).
/// A struct, as the readers and writers make one or two per cell: keep it in a local and do not
/// copy it, or the copy goes on alone.
/// </summary>
internal struct QuoteTracker(string language, string? comment, bool enabled = true)
{
    private readonly bool tripleQuotes = language != "R";
    private readonly string? comment = comment;
    private readonly bool enabled = enabled;
    private char? single;
    private char? triple;

    /// <summary>True when the next line starts inside a string.</summary>
    public readonly bool InString => single is not null || triple is not null;

    public void Read(string line) => Read(line.AsSpan());

    public void Read(ReadOnlySpan<char> line)
    {
        if (!enabled) return;
        if (!InString && comment is not null && line.TrimStart().StartsWith(comment, StringComparison.Ordinal)) return;
        if (line.IndexOfAny('"', '\'') < 0 && single is null) return; // no quote: nothing changes
        var tripleEnd = -1;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (single is null && triple is null && comment is not null && comment[0] == c && line[i..].StartsWith(comment, StringComparison.Ordinal))
            {
                break; // the rest of the line is a comment
            }
            if (c is not ('"' or '\'')) continue;
            if (i > 0 && line[i - 1] == '\\') continue;
            if (single == c)
            {
                single = null;
                continue;
            }
            if (single is not null || !tripleQuotes) continue;
            if (i >= 2 && line[i - 1] == c && line[i - 2] == c && i >= tripleEnd + 3)
            {
                if (triple == c)
                {
                    triple = null;
                    tripleEnd = i;
                    continue;
                }
                if (triple is not null) continue;
                triple = c;
                tripleEnd = i;
                continue;
            }
            if (triple is not null) continue;
            single = c;
        }
        if (tripleQuotes) single = null;
    }
}
