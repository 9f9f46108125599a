using System.Buffers;
using System.Globalization;
using System.Numerics;
using System.Text;
using Newtonsoft.Json.Linq;

namespace NbTools.Core.Json;

/// <summary>
/// Writes new JSON values in a file's <see cref="JsonStyle"/>: Python-style indentation by depth,
/// the file's separators and escaping, Python's number spelling.
/// </summary>
internal sealed class JsonFormatter
{
    private readonly Utf8Sink sink;

    private readonly SearchValues<char> asciiSpecials;
    private byte[]?[] lineBreaks = new byte[]?[8];

    public JsonFormatter(Utf8Sink sink, JsonStyle style)
    {
        this.sink = sink;
        Style = style;
        asciiSpecials = AsciiSpecials[(style.EscapeSlash ? 1 : 0) + (style.EscapeHtml ? 2 : 0)];
    }

    /// <summary>
    /// The ASCII characters a string escapes – quote, backslash, control characters, and per style
    /// the slash and the HTML-sensitive ones – by (EscapeSlash, EscapeHtml): made once, as searching
    /// with them is what makes escaping fast.
    /// </summary>
    private static readonly SearchValues<char>[] AsciiSpecials =
    [
        SpecialsWith(""), SpecialsWith("/"), SpecialsWith("<>&'+`"), SpecialsWith("/<>&'+`"),
    ];

    private static SearchValues<char> SpecialsWith(string more)
    {
        var controls = string.Concat(Enumerable.Range(0, 0x20).Select(c => (char)c));
        return SearchValues.Create("\"\\" + controls + more);
    }

    public JsonStyle Style { get; }

    public Utf8Sink Sink => sink;

    /// <summary>
    /// Where in <paramref name="text"/>, from <paramref name="from"/>, the next character is that may
    /// need an escape in this style (an ASCII special, a surrogate, or any non-ASCII character when
    /// the style escapes them), or -1: vector searches, so plain stretches are skipped, not walked.
    /// </summary>
    private int NextSpecial(ReadOnlySpan<char> text, int from)
    {
        var rest = text[from..];
        var ascii = rest.IndexOfAny(asciiSpecials);
        var wide = Style.EscapeNonAscii ? rest.IndexOfAnyExceptInRange('\0', '\x7f') : rest.IndexOfAnyInRange('\uD800', '\uDFFF');
        var next = ascii < 0 ? wide : wide < 0 ? ascii : Math.Min(ascii, wide);
        return next < 0 ? -1 : from + next;
    }

    /// <summary>Writes a line break and the indentation of <paramref name="depth"/> (nothing when minified).</summary>
    public void NewLine(int depth)
    {
        if (Style.Indent is null) return;
        if (depth >= lineBreaks.Length) Array.Resize(ref lineBreaks, depth * 2);
        // The break and indentation of each depth, encoded once.
        sink.Write(lineBreaks[depth] ??= Encoding.UTF8.GetBytes(Style.NewLine + string.Concat(Enumerable.Repeat(Style.Indent, depth))));
    }

    /// <summary>What goes before item number <paramref name="index"/> of a fresh container at <paramref name="depth"/>.</summary>
    public void ItemGap(int index, int depth)
    {
        if (index > 0)
        {
            if (Style.Indent is null) sink.WriteText(Style.InlineItemSeparator);
            else sink.Write((byte)',');
        }
        NewLine(depth + 1);
    }

    public void KeyAndSeparator(string name)
    {
        WriteString(name);
        sink.WriteText(Style.KeySeparator);
    }

    public void WriteToken(JToken token, int depth)
    {
        switch (token)
        {
            case JObject obj:
                WriteObject(obj, depth);
                break;
            case JArray array:
                WriteArray(array, depth);
                break;
            case JValue value:
                WriteScalar(value);
                break;
            default:
                throw new InvalidOperationException($"cannot write a {token.Type} token as JSON");
        }
    }

    public void WriteObject(JObject obj, int depth)
    {
        if (!obj.HasValues)
        {
            sink.WriteText("{}");
            return;
        }
        sink.Write((byte)'{');
        var i = 0;
        if (Style.SortKeys && obj.Count > 1)
        {
            foreach (var p in obj.Properties().OrderBy(p => p.Name, StringComparer.Ordinal)) WriteMember(p, i++, depth);
        }
        else
        {
            // Sibling links rather than Properties(): no enumerators for the many small objects of cell metadata.
            for (var p = (JProperty?)obj.First; p is not null; p = (JProperty?)p.Next) WriteMember(p, i++, depth);
        }
        NewLine(depth);
        sink.Write((byte)'}');
    }

    private void WriteMember(JProperty property, int index, int depth)
    {
        ItemGap(index, depth);
        KeyAndSeparator(property.Name);
        WriteToken(property.Value, depth + 1);
    }

    public void WriteArray(JArray array, int depth)
    {
        if (array.Count == 0)
        {
            sink.WriteText("[]");
            return;
        }
        sink.Write((byte)'[');
        for (var i = 0; i < array.Count; i++)
        {
            ItemGap(i, depth);
            WriteToken(array[i], depth + 1);
        }
        NewLine(depth);
        sink.Write((byte)']');
    }

    /// <summary>Writes a list of strings as a JSON array (how nbformat stores multi-line text).</summary>
    public void WriteStringArray(IReadOnlyList<string> items, int depth)
    {
        if (items.Count == 0)
        {
            sink.WriteText("[]");
            return;
        }
        sink.Write((byte)'[');
        for (var i = 0; i < items.Count; i++)
        {
            ItemGap(i, depth);
            WriteString(items[i]);
        }
        NewLine(depth);
        sink.Write((byte)']');
    }

    public void WriteScalar(JValue value)
    {
        switch (value.Type)
        {
            case JTokenType.Null:
            case JTokenType.Undefined:
                sink.WriteText("null");
                break;
            case JTokenType.Boolean:
                sink.WriteText((bool)value.Value! ? "true" : "false");
                break;
            case JTokenType.Integer:
                sink.WriteText(value.Value switch
                {
                    BigInteger big => big.ToString(CultureInfo.InvariantCulture),
                    IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                    var other => other!.ToString()!,
                });
                break;
            case JTokenType.Float:
                sink.WriteText(value.Value switch
                {
                    double d => PythonNumbers.FormatDouble(d),
                    float f => PythonNumbers.FormatDouble(f),
                    decimal m => PythonNumbers.FormatDouble((double)m),
                    var other => Convert.ToString(other, CultureInfo.InvariantCulture)!,
                });
                break;
            case JTokenType.String:
                WriteString((string)value.Value!);
                break;
            default:
                // Dates, GUIDs, URIs and the like only appear when callers build tokens from objects.
                WriteString(Convert.ToString(value.Value, CultureInfo.InvariantCulture) ?? "");
                break;
        }
    }

    public void WriteString(string text) => WriteString(text.AsSpan());

    /// <summary>
    /// Writes a JSON string in this style. Characters that need no escape go to the sink in runs,
    /// escapes between them, so a long string with a few quotes or line breaks is not copied first.
    /// </summary>
    public void WriteString(ReadOnlySpan<char> text)
    {
        sink.Write((byte)'"');
        var run = 0; // where the characters not yet written start
        for (var i = NextSpecial(text, 0); i >= 0; i = NextSpecial(text, i + 1))
        {
            var c = text[i];
            var escape = c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\b' => "\\b",
                '\f' => "\\f",
                '/' when Style.EscapeSlash => "\\/",
                _ => null,
            };
            if (escape is not null)
            {
                sink.WriteText(text[run..i]);
                sink.WriteText(escape);
                run = i + 1;
            }
            else if (c is '<' or '>' or '&' or '\'' or '+' or '`' && Style.EscapeHtml)
            {
                sink.WriteText(text[run..i]);
                WriteEscape(c);
                run = i + 1;
            }
            else if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                if (Style.EscapeNonAscii)
                {
                    sink.WriteText(text[run..i]);
                    WriteEscape(c);
                    WriteEscape(text[i + 1]);
                    run = i + 2;
                }
                i++;
            }
            else if (c < 0x20 || char.IsSurrogate(c) || (c >= 0x80 && Style.EscapeNonAscii))
            {
                // A lone surrogate cannot be encoded as UTF-8; the escape keeps it.
                sink.WriteText(text[run..i]);
                WriteEscape(c);
                run = i + 1;
            }
        }
        sink.WriteText(text[run..]);
        sink.Write((byte)'"');
    }

    /// <summary>Writes <c>\uXXXX</c> for a UTF-16 code unit, hex digits in the style's case.</summary>
    private void WriteEscape(char c)
    {
        Span<byte> escape = stackalloc byte[6];
        escape[0] = (byte)'\\';
        escape[1] = (byte)'u';
        var digits = Style.UpperHex ? "0123456789ABCDEF" : "0123456789abcdef";
        for (var k = 0; k < 4; k++) escape[2 + k] = (byte)digits[(c >> (12 - 4 * k)) & 0xF];
        sink.Write(escape);
    }

    /// <summary>
    /// Writes text as a JSON array of its lines, each keeping its line break, as nbformat stores
    /// multi-line text (<see cref="Text.PythonLines.SplitKeepEnds"/>), without a string per line.
    /// </summary>
    public void WriteLines(string text, int depth)
    {
        if (text.Length == 0)
        {
            sink.WriteText("[]");
            return;
        }
        sink.Write((byte)'[');
        var index = 0;
        for (var start = 0; start < text.Length;)
        {
            var end = Text.PythonLines.LineEnd(text, start);
            ItemGap(index++, depth);
            WriteString(text.AsSpan(start, end - start));
            start = end;
        }
        NewLine(depth);
        sink.Write((byte)']');
    }
}
