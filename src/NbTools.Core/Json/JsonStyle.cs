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

    /// <summary>Detects the layout of a JSON document whose root container is <paramref name="root"/>.</summary>
    public static JsonStyle Detect(ReadOnlySpan<byte> utf8, RawContainer root)
    {
        string? indent = null;
        var newLine = "\n";
        var firstNewLine = utf8[..Math.Max(0, root.End - 1)].IndexOf((byte)'\n');
        if (firstNewLine >= 0)
        {
            newLine = firstNewLine > 0 && utf8[firstNewLine - 1] == '\r' ? "\r\n" : "\n";
            var i = firstNewLine + 1;
            while (i < utf8.Length && (utf8[i] == ' ' || utf8[i] == '\t')) i++;
            indent = System.Text.Encoding.ASCII.GetString(utf8[(firstNewLine + 1)..i]);
        }

        var keySeparator = ": ";
        var inlineSeparator = indent is null ? "," : ", ";
        if (root.Items.Length > 0)
        {
            keySeparator = KeySeparatorOf(utf8, root.Items[0]);
            if (root.Items.Length > 1 && indent is null)
            {
                inlineSeparator = System.Text.Encoding.ASCII.GetString(utf8[root.Items[0].ValueEnd..root.Items[1].Start]);
            }
        }

        var hasNonAscii = ContainsNonAscii(utf8);
        var (escapedNonAscii, upperHex) = ScanUnicodeEscapes(utf8);
        return new JsonStyle(
            indent,
            newLine,
            keySeparator,
            inlineSeparator,
            EscapeNonAscii: !hasNonAscii && escapedNonAscii,
            EscapeSlash: utf8.IndexOf("\\/"u8) >= 0,
            UpperHex: upperHex,
            EscapeHtml: utf8.IndexOf("\\u003c"u8) >= 0 || utf8.IndexOf("\\u003C"u8) >= 0,
            SortKeys: root.HasSortedKeys(),
            FinalNewline: utf8[root.End..].IndexOf((byte)'\n') >= 0);
    }

    /// <summary>The bytes between a member's key and its value (colon and spaces), as written.</summary>
    public static string KeySeparatorOf(ReadOnlySpan<byte> utf8, RawItem item)
    {
        var i = item.ValueStart;
        while (i > item.Start && utf8[i - 1] != '"') i--;
        return System.Text.Encoding.ASCII.GetString(utf8[i..item.ValueStart]);
    }

    private static bool ContainsNonAscii(ReadOnlySpan<byte> utf8) =>
        utf8.IndexOfAnyInRange((byte)0x80, (byte)0xFF) >= 0;

    private static (bool EscapedNonAscii, bool UpperHex) ScanUnicodeEscapes(ReadOnlySpan<byte> utf8)
    {
        bool escapedNonAscii = false, sawHexLetter = false, upper = false;
        var rest = utf8;
        while (true)
        {
            var at = rest.IndexOf("\\u"u8);
            if (at < 0 || at + 6 > rest.Length) break;
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
                    if (!sawHexLetter && b is >= (byte)'A' and <= (byte)'F') { sawHexLetter = true; upper = true; }
                    else if (!sawHexLetter && b is >= (byte)'a' and <= (byte)'f') { sawHexLetter = true; }
                    value = value * 16 + d;
                }
                if (valid && value >= 0x80) escapedNonAscii = true;
                if (escapedNonAscii && sawHexLetter) break;
            }
            rest = rest[(at + 2)..];
        }
        return (escapedNonAscii, upper);
    }
}
