using System.Text;

namespace NbTools.Core.Validation.Schema;

/// <summary>
/// Turns byte offsets into 1-based lines and character positions in one pass over the document,
/// counting a line break as JSON readers do (LF, CRLF or a lone CR) and positions in UTF-16 characters.
/// </summary>
internal static class LineLocator
{
    public static Dictionary<int, (int Line, int Position)> Locate(ReadOnlySpan<byte> utf8, IEnumerable<int> offsets)
    {
        var result = new Dictionary<int, (int, int)>();
        var line = 1;
        var lineStart = 0;
        var counted = 0; // bytes of the current line already turned into characters
        var characters = 0;
        foreach (var offset in offsets.Distinct().Order())
        {
            var target = Math.Min(offset, utf8.Length);
            while (true)
            {
                var next = utf8[lineStart..target].IndexOfAny((byte)'\n', (byte)'\r');
                if (next < 0) break;
                var at = lineStart + next;
                lineStart = at + (utf8[at] == '\r' && at + 1 < utf8.Length && utf8[at + 1] == '\n' ? 2 : 1);
                line++;
                counted = lineStart;
                characters = 0;
                if (lineStart > target) break;
            }
            if (counted < target)
            {
                characters += Encoding.UTF8.GetCharCount(utf8[counted..target]);
                counted = target;
            }
            result[offset] = (line, characters);
        }
        return result;
    }
}
