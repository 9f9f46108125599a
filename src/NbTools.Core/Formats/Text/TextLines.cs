namespace NbTools.Core.Formats.Text;

/// <summary>Splitting text files into lines and cell sources into lines, the same way everywhere.</summary>
public static class TextLines
{
    /// <summary>
    /// The lines of a text file: split on LF; a final line break does not start another line. When
    /// every line ends with CR (a CRLF file) the CRs are removed; otherwise a CR is content.
    /// A leading UTF-8 BOM is dropped.
    /// </summary>
    public static List<string> OfFile(string text) => new FileLines(text).ToList();

    /// <summary>The lines of a cell source: split on LF; an empty source has no lines; a final LF gives a last empty line.</summary>
    public static List<string> OfSource(string source) => source.Length == 0 ? [] : source.Split('\n').ToList();

    /// <summary>
    /// The lines of <see cref="OfSource"/> as (start, length) ranges of the source, for writers that
    /// copy lines out of a large notebook without making a string of each.
    /// </summary>
    internal static SourceLineEnumerator SourceLines(string source) => new(source);

    /// <summary>Blank the way jupytext means it: empty or only white space.</summary>
    public static bool IsBlank(ReadOnlySpan<char> line) => line.IsWhiteSpace();

    /// <summary>Enumerates the lines of a cell source; see <see cref="SourceLines"/>.</summary>
    internal struct SourceLineEnumerator(string source)
    {
        private int next = source.Length == 0 ? -1 : 0; // start of the next line, -1 when done

        /// <summary>The current line: its start in the source and its length, without the LF.</summary>
        public (int Start, int Length) Current { get; private set; }

        public readonly SourceLineEnumerator GetEnumerator() => this;

        public bool MoveNext()
        {
            if (next < 0) return false;
            var end = source.IndexOf('\n', next);
            if (end < 0)
            {
                Current = (next, source.Length - next);
                next = -1;
            }
            else
            {
                Current = (next, end - next);
                next = end + 1;
            }
            return true;
        }
    }

    /// <summary>Blank the way jupytext means it: empty or only white space.</summary>
    public static bool IsBlank(string line) => string.IsNullOrWhiteSpace(line);
}
