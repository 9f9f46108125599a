namespace NbTools.Core.Json;

/// <summary>
/// How a JSON file is laid out, detected from its bytes, so that the values NbTools changes are
/// written the way the rest of the file already is.
/// </summary>
/// <param name="Indent">One level of indentation; null for single-line (minified) JSON.</param>
/// <param name="NewLine">Line break used between members.</param>
/// <param name="KeySeparator">What stands between a key and its value, e.g. <c>": "</c>.</param>
/// <param name="InlineItemSeparator">Between members on one line (minified files), e.g. <c>","</c>.</param>
/// <param name="EscapeNonAscii">Write non-ASCII characters as <c>\uXXXX</c> (Python's ensure_ascii).</param>
/// <param name="EscapeSlash">Write <c>/</c> as <c>\/</c>.</param>
/// <param name="UpperHex">Hex digits of <c>\u</c> escapes in upper case.</param>
/// <param name="EscapeHtml">Escape <c>&lt; &gt; &amp; '</c> as System.Text.Json's default encoder does.</param>
/// <param name="SortKeys">New keys of a new object are sorted (nbformat's sort_keys).</param>
/// <param name="FinalNewline">The file ends with a line break.</param>
internal sealed record JsonStyle(
    string? Indent,
    string NewLine,
    string KeySeparator,
    string InlineItemSeparator,
    bool EscapeNonAscii,
    bool EscapeSlash,
    bool UpperHex,
    bool EscapeHtml,
    bool SortKeys,
    bool FinalNewline)
{
    /// <summary>The layout nbformat writes: 1-space indent, sorted keys, non-ASCII kept, final newline.</summary>
    public static JsonStyle Nbformat { get; } = new(" ", "\n", ": ", ", ", false, false, false, false, true, true);

    /// <summary>
    /// Detects the layout of a JSON document whose root container is <paramref name="root"/>, held in memory or left in its file: the scans for escapes and
    /// non-ASCII text go over the bytes in pieces (one piece for a document in memory).
    /// </summary>
    public static JsonStyle Detect(JsonSource source, RawContainer root, int pieceSize = FileBackedBytes.BlockSize - LookAhead)
    {
        string? indent = null;
        var newLine = "\n";
        var firstNewLine = IndexOfNewLine(source, Math.Max(0, root.End - 1));
        if (firstNewLine >= 0)
        {
            newLine = firstNewLine > 0 && source.Slice(firstNewLine - 1, firstNewLine)[0] == '\r' ? "\r\n" : "\n";
            var i = firstNewLine + 1;
            while (i < source.Length && source.Slice(i, i + 1)[0] is (byte)' ' or (byte)'\t') i++;
            indent = System.Text.Encoding.ASCII.GetString(source.Slice(firstNewLine + 1, i));
        }

        var keySeparator = ": ";
        var inlineSeparator = indent is null ? "," : ", ";
        if (root.Items.Length > 0)
        {
            keySeparator = KeySeparatorOf(source, root.Items[0]);
            if (root.Items.Length > 1 && indent is null)
            {
                inlineSeparator = System.Text.Encoding.ASCII.GetString(source.Slice(root.Items[0].ValueEnd, root.Items[1].Start));
            }
        }

        var scan = new EscapeScan();
        ForEachPiece(source, (piece, limit) => scan.Add(piece, limit), pieceSize);
        return new JsonStyle(
            indent,
            newLine,
            keySeparator,
            inlineSeparator,
            EscapeNonAscii: !scan.NonAscii && scan.EscapedNonAscii,
            EscapeSlash: scan.EscapedSlash,
            UpperHex: scan.UpperHex,
            EscapeHtml: scan.EscapedHtml,
            SortKeys: root.HasSortedKeys(),
            FinalNewline: source.Slice(root.End, source.Length).IndexOf((byte)'\n') >= 0);
    }

    /// <summary>The first line break before <paramref name="end"/>, or -1.</summary>
    private static int IndexOfNewLine(JsonSource source, int end)
    {
        for (var at = 0; at < end; at += FileBackedBytes.BlockSize)
        {
            var piece = source.Slice(at, Math.Min(end, at + FileBackedBytes.BlockSize));
            var found = piece.IndexOf((byte)'\n');
            if (found >= 0) return at + found;
        }
        return -1;
    }

    /// <summary>How many bytes past a piece an escape scan may look (<c>\u003c</c> is six).</summary>
    private const int LookAhead = 8;

    /// <summary>
    /// Calls <paramref name="scan"/> on the document in pieces, in order: each piece is the bytes from
    /// where the last one's matches ended, with <see cref="LookAhead"/> bytes more; matches must start
    /// before the limit. A piece never ends inside a run of backslashes, so an escape's run is always
    /// wholly in the piece that scans it. A document in memory is one piece.
    /// </summary>
    private static void ForEachPiece(JsonSource source, PieceScan scan, int pieceSize)
    {
        if (source.InMemory)
        {
            scan(source.Utf8.Span, source.Length);
            return;
        }
        var start = 0;
        while (start < source.Length)
        {
            var limit = Math.Min(source.Length, start + pieceSize);
            while (limit < source.Length && source.Slice(limit - 1, limit)[0] == '\\') limit++;
            var piece = source.Slice(start, Math.Min(source.Length, limit + LookAhead));
            scan(piece, limit - start);
            start = limit;
        }
    }

    private delegate void PieceScan(ReadOnlySpan<byte> piece, int limit);

    /// <summary>The byte patterns that decide how escapes are written, found piece by piece in document order.</summary>
    private sealed class EscapeScan
    {
        public bool NonAscii;
        public bool EscapedSlash;
        public bool EscapedHtml;
        public bool EscapedNonAscii;
        public bool UpperHex;
        private bool sawHexLetter;

        /// <summary>Scans one piece: only matches that start before <paramref name="limit"/> count.</summary>
        public void Add(ReadOnlySpan<byte> piece, int limit)
        {
            NonAscii = NonAscii || piece[..limit].IndexOfAnyInRange((byte)0x80, (byte)0xFF) >= 0;
            EscapedSlash = EscapedSlash || StartsBefore(piece, "\\/"u8, limit);
            EscapedHtml = EscapedHtml || StartsBefore(piece, "\\u003c"u8, limit) || StartsBefore(piece, "\\u003C"u8, limit);
            if (!(EscapedNonAscii && sawHexLetter)) ScanUnicodeEscapes(piece, limit);
        }

        private static bool StartsBefore(ReadOnlySpan<byte> piece, ReadOnlySpan<byte> pattern, int limit) =>
            piece[..Math.Min(piece.Length, limit + pattern.Length - 1)].IndexOf(pattern) >= 0;

        private void ScanUnicodeEscapes(ReadOnlySpan<byte> utf8, int limit)
        {
            var rest = utf8;
            var restStart = 0;
            while (true)
            {
                var at = rest.IndexOf("\\u"u8);
                if (at < 0 || restStart + at >= limit || at + 6 > rest.Length) break;
                var hex = rest.Slice(at + 2, 4);
                // An even run of backslashes before it means the backslash itself was escaped.
                var slashes = 0;
                for (var j = at - 1; j >= 0 && rest[j] == '\\'; j--) slashes++;
                if (slashes % 2 == 0)
                {
                    var value = 0;
                    var valid = true;
                    foreach (var b in hex)
                    {
                        var d = b switch
                        {
                            >= (byte)'0' and <= (byte)'9' => b - '0',
                            >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
                            >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
                            _ => -1,
                        };
                        if (d < 0) { valid = false; break; }
                        if (!sawHexLetter && b is >= (byte)'A' and <= (byte)'F') { sawHexLetter = true; UpperHex = true; }
                        else if (!sawHexLetter && b is >= (byte)'a' and <= (byte)'f') { sawHexLetter = true; }
                        value = value * 16 + d;
                    }
                    if (valid && value >= 0x80) EscapedNonAscii = true;
                    if (EscapedNonAscii && sawHexLetter) break;
                }
                rest = rest[(at + 2)..];
                restStart += at + 2;
            }
        }
    }

    /// <summary>The bytes between a member's key and its value (colon and spaces), as written.</summary>
    public static string KeySeparatorOf(JsonSource source, RawItem item)
    {
        var key = source.Slice(item.Start, item.ValueStart);
        var i = key.Length;
        while (i > 0 && key[i - 1] != '"') i--;
        return System.Text.Encoding.ASCII.GetString(key[i..]);
    }
}
