using System.Collections;

namespace NbTools.Core.Formats.Text;

/// <summary>
/// The lines of a text file, split as <see cref="TextLines.OfFile"/> splits them, kept as ranges of
/// the file's text: a reader can look at every line of a large script as a span and make strings
/// only of what it keeps (a cell's source is built from its lines in one go). The indexer makes a
/// string of a line, for code that needs one (header lines, the light reader).
/// </summary>
internal sealed class FileLines : IReadOnlyList<string>
{
    private readonly string text;
    private readonly int[] starts;
    private readonly int[] lengths;

    /// <summary>Splits <paramref name="text"/> into lines (see <see cref="TextLines.OfFile"/> for the rules).</summary>
    public FileLines(string text)
    {
        var from = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        var all = text.AsSpan(from);
        // A final line break does not start another line.
        var count = all.Count('\n') + (all.Length > 0 && all[^1] != '\n' ? 1 : 0);
        starts = new int[count];
        lengths = new int[count];
        var start = from;
        for (var i = 0; i < count; i++)
        {
            var end = text.IndexOf('\n', start);
            if (end < 0) end = text.Length;
            starts[i] = start;
            lengths[i] = end - start;
            start = end + 1;
        }
        // A CRLF file: every line ends with CR, which is then part of the line break, not content.
        if (count > 0 && AllEndWithCarriageReturn(text, starts, lengths))
        {
            for (var i = 0; i < count; i++) lengths[i]--;
        }
        this.text = text;
    }

    private static bool AllEndWithCarriageReturn(string text, int[] starts, int[] lengths)
    {
        for (var i = 0; i < starts.Length; i++)
        {
            if (lengths[i] == 0 || text[starts[i] + lengths[i] - 1] != '\r') return false;
        }
        return true;
    }

    /// <summary>The number of lines.</summary>
    public int Count => starts.Length;

    /// <summary>Line <paramref name="index"/> as a new string.</summary>
    public string this[int index] => text.Substring(starts[index], lengths[index]);

    /// <summary>Line <paramref name="index"/>, without copying it.</summary>
    public ReadOnlySpan<char> Span(int index) => text.AsSpan(starts[index], lengths[index]);

    /// <summary>Every line as a string, as <see cref="TextLines.OfFile"/> returns them.</summary>
    public List<string> ToList()
    {
        var list = new List<string>(Count);
        for (var i = 0; i < Count; i++) list.Add(this[i]);
        return list;
    }

    /// <inheritdoc />
    public IEnumerator<string> GetEnumerator()
    {
        for (var i = 0; i < Count; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
