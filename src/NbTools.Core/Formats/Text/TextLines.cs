namespace NbTools.Core.Formats.Text;

/// <summary>Splitting text files into lines and cell sources into lines, the same way everywhere.</summary>
public static class TextLines
{
    /// <summary>
    /// The lines of a text file: split on LF; a final line break does not start another line. When
    /// every line ends with CR (a CRLF file) the CRs are removed; otherwise a CR is content.
    /// A leading UTF-8 BOM is dropped.
    /// </summary>
    public static List<string> OfFile(string text)
    {
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        var lines = text.Split('\n').ToList();
        if (lines.Count > 0 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
        if (lines.Count > 0 && lines.TrueForAll(l => l.EndsWith('\r')))
        {
            for (var i = 0; i < lines.Count; i++) lines[i] = lines[i][..^1];
        }
        return lines;
    }

    /// <summary>The lines of a cell source: split on LF; an empty source has no lines; a final LF gives a last empty line.</summary>
    public static List<string> OfSource(string source) => source.Length == 0 ? [] : source.Split('\n').ToList();

    /// <summary>Blank the way jupytext means it: empty or only white space.</summary>
    public static bool IsBlank(string line) => string.IsNullOrWhiteSpace(line);
}
