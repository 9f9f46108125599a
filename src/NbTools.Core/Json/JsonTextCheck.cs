using System.Text;
using System.Text.Json;

namespace NbTools.Core.Json;

/// <summary>
/// One pass over a whole JSON document that checks every key and string can become text: valid
/// UTF-8 and no lone surrogate escapes (<c>"\ud800"</c>). System.Text.Json finds these only when a
/// string is decoded, which the lossless reader does late or never (outputs stay bytes), so without
/// this pass a bad byte deep in an output would surface as a crash in whatever command decodes it.
/// Every command reads through it, so it allocates nothing per token: the path to a bad string is
/// kept as the keys' byte ranges and decoded only for the error message.
/// </summary>
internal static class JsonTextCheck
{
    public static void Check(JsonSource source)
    {
        // Nearly every file is valid UTF-8 throughout and holds no surrogate escape at all: two
        // vectorized scans of the bytes show that, and then no string can fail the checks below (every
        // string's bytes lie between ASCII quotes of a valid whole). Only a file that fails a scan is
        // walked string by string, for the exact verdict and the path to the string.
        var utf8 = source.Utf8.Span;
        if (System.Text.Unicode.Utf8.IsValid(utf8) && !MayHoldSurrogateEscapeAnywhere(utf8)) return;
        var reader = new Utf8JsonReader(source.Utf8.Span, isFinalBlock: true, new JsonReaderState(JsonSource.ReaderOptions));
        var path = new List<Step>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        CheckText(ref reader, source, path, "a key");
                        var start = (int)reader.TokenStartIndex;
                        path[^1] = new Step(start, start + reader.ValueSpan.Length + 2, -1);
                        continue;
                    case JsonTokenType.String:
                        CheckText(ref reader, source, path, "a string");
                        break;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        Advance(path);
                        path.Add(new Step(-1, -1, -1));
                        continue;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        path.RemoveAt(path.Count - 1);
                        continue;
                }
                Advance(path);
            }
        }
        catch (JsonException ex)
        {
            throw source.SyntaxError(ex, 0);
        }
    }

    /// <summary>Moves an array's index on by one value (objects are named by their keys).</summary>
    private static void Advance(List<Step> path)
    {
        if (path.Count > 0 && path[^1].NameStart < 0) path[^1] = path[^1] with { Index = path[^1].Index + 1 };
    }

    private static void CheckText(ref Utf8JsonReader reader, JsonSource source, List<Step> path, string what)
    {
        var offset = (int)reader.TokenStartIndex;
        if (!System.Text.Unicode.Utf8.IsValid(reader.ValueSpan)) throw source.Error($"{what} holds bytes that are not valid UTF-8; re-save the file as UTF-8", PathOf(path, source, what), offset);
        if (!reader.ValueIsEscaped || !MayHoldSurrogateEscape(reader.ValueSpan)) return;
        try
        {
            reader.GetString();
        }
        catch (InvalidOperationException)
        {
            throw source.Error($"{what} holds an escape that is no character (a lone surrogate such as \\ud800)", PathOf(path, source, what), offset);
        }
    }

    /// <summary>
    /// False when no escape in the string's raw bytes is a <c>\uD800</c>–<c>\uDFFF</c> surrogate: then
    /// every escape decodes to a character and the string need not be decoded (which allocated a
    /// string for every escaped value – most outputs hold <c>\n</c> – and was most of this pass).
    /// True sends the string to the decoder, which alone decides whether the surrogates pair up.
    /// </summary>
    internal static bool MayHoldSurrogateEscape(ReadOnlySpan<byte> raw)
    {
        var at = 0;
        while (at < raw.Length)
        {
            var slash = raw[at..].IndexOf((byte)'\\');
            if (slash < 0) return false;
            at += slash;
            if (at + 1 >= raw.Length) return true; // not valid JSON: let the decoder say so
            if (raw[at + 1] == (byte)'u')
            {
                if (at + 3 >= raw.Length) return true;
                if ((raw[at + 2] | 0x20) == (byte)'d' && raw[at + 3] is (byte)'8' or (byte)'9' or (>= (byte)'a' and <= (byte)'f') or (>= (byte)'A' and <= (byte)'F')) return true;
                at += 6;
            }
            else
            {
                at += 2; // \\, \", \n, …: one escaped character, never the start of another escape
            }
        }
        return false;
    }

    /// <summary>
    /// False when no <c>\u</c> in the bytes is followed by <c>d8</c>–<c>df</c> (either case): then no
    /// string of the document holds a surrogate escape. A true may be an escaped backslash followed by
    /// such text; the string-by-string walk decides.
    /// </summary>
    private static bool MayHoldSurrogateEscapeAnywhere(ReadOnlySpan<byte> utf8) => MayHoldSurrogateEscape(utf8, utf8.Length);

    /// <summary>
    /// As <see cref="MayHoldSurrogateEscapeAnywhere"/> for the escapes whose backslash is before
    /// <paramref name="limit"/> (a window of a file checked piece by piece; the bytes after the
    /// limit are there to look at, and are checked with the next piece).
    /// </summary>
    internal static bool MayHoldSurrogateEscape(ReadOnlySpan<byte> utf8, int limit)
    {
        var at = 0;
        int found;
        while ((found = utf8[at..].IndexOf("\\u"u8)) >= 0 && at + found < limit)
        {
            at += found + 2;
            if (at + 1 >= utf8.Length) return true;
            if ((utf8[at] | 0x20) == (byte)'d' && utf8[at + 1] is (byte)'8' or (byte)'9' or (>= (byte)'a' and <= (byte)'f') or (>= (byte)'A' and <= (byte)'F')) return true;
        }
        return false;
    }

    private static string? PathOf(List<Step> path, JsonSource source, string what)
    {
        var parts = what == "a key" ? path.Take(path.Count - 1) : path;
        var text = new StringBuilder();
        foreach (var step in parts)
        {
            if (step.NameStart < 0) text.Append('[').Append(step.Index < 0 ? 0 : step.Index).Append(']');
            else text.Append(text.Length == 0 ? "" : ".").Append(source.DecodeString(new RawSpan(step.NameStart, step.NameEnd, RawKind.String)));
        }
        return text.Length == 0 ? null : text.ToString();
    }

    /// <summary>One level of the path: an object's current key (its quoted bytes) or an array's current index.</summary>
    private readonly record struct Step(int NameStart, int NameEnd, int Index);
}
