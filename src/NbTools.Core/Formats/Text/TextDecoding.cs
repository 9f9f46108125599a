using System.Text;

namespace NbTools.Core.Formats.Text;

/// <summary>Decodes text notebook files: UTF-8 (BOM optional) or UTF-16 with BOM; anything else is an error naming the file.</summary>
public static class TextDecoding
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    /// <summary>The text of a file's bytes.</summary>
    public static string Decode(byte[] content, string file)
    {
        try
        {
            if (content.Length >= 2 && content[0] == 0xFF && content[1] == 0xFE) return new UnicodeEncoding(false, false, true).GetString(content, 2, content.Length - 2);
            if (content.Length >= 2 && content[0] == 0xFE && content[1] == 0xFF) return new UnicodeEncoding(true, false, true).GetString(content, 2, content.Length - 2);
            var start = content.Length >= 3 && content[0] == 0xEF && content[1] == 0xBB && content[2] == 0xBF ? 3 : 0;
            var text = StrictUtf8.GetString(content, start, content.Length - start);
            if (text.Contains('\0')) throw new NotebookFormatException(file, "the file holds binary data (NUL bytes), not text");
            return text;
        }
        catch (DecoderFallbackException ex)
        {
            var (line, position) = LineOf(content, ex.Index);
            throw new NotebookFormatException(file, "the file is not valid UTF-8 text", line: line, position: position);
        }
    }

    private static (int Line, int Position) LineOf(byte[] content, int index)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < Math.Min(index, content.Length); i++)
        {
            if (content[i] == '\n') { line++; lineStart = i + 1; }
        }
        return (line, index - lineStart + 1);
    }
}
