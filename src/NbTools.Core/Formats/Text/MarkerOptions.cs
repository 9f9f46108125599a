using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;
using NbTools.Core.Json;
using Newtonsoft.Json.Linq;

namespace NbTools.Core.Formats.Text;

/// <summary>
/// Cell options on a marker line in jupytext's syntax: an optional title, then <c>key=value</c>
/// pairs whose values are JSON (<c>tags=["parameters"] language="fsharp"</c>), or a bare
/// <c>key</c> meaning null.
/// </summary>
public static partial class MarkerOptions
{
    /// <summary>Formats metadata as options, values as Python's json.dumps writes them.</summary>
    public static string Format(IEnumerable<KeyValuePair<string, JToken?>> options) => InBuffer(sink => Write(ValueFormatter(sink), options));

    /// <summary>JSON on one line as Python's <c>json.dumps</c> writes it: <c>", "</c> and <c>": "</c>, non-ASCII escaped.</summary>
    public static string PythonJson(JToken value) => InBuffer(sink => ValueFormatter(sink).WriteToken(value, 0));

    /// <summary>A formatter that writes values to <paramref name="sink"/> as <see cref="PythonJson"/> spells them.</summary>
    internal static JsonFormatter ValueFormatter(Utf8Sink sink) => new(sink, PythonJsonStyle);

    /// <summary>
    /// Writes options as <see cref="Format"/> formats them, straight to the formatter's sink: a
    /// writer of a large notebook makes no strings for its cells' options.
    /// </summary>
    internal static void Write(JsonFormatter formatter, IReadOnlyList<KeyValuePair<string, JToken?>> options, int start)
    {
        for (var i = start; i < options.Count; i++) WriteOption(formatter, options[i], first: i == start);
    }

    private static void Write(JsonFormatter formatter, IEnumerable<KeyValuePair<string, JToken?>> options)
    {
        var first = true;
        foreach (var option in options)
        {
            WriteOption(formatter, option, first);
            first = false;
        }
    }

    private static void WriteOption(JsonFormatter formatter, KeyValuePair<string, JToken?> option, bool first)
    {
        var (key, value) = option;
        if (!first) formatter.Sink.Write((byte)' ');
        formatter.Sink.WriteText(key);
        if (value is null || value.Type == JTokenType.Null) return;
        formatter.Sink.Write((byte)'=');
        formatter.WriteToken(value, 0);
    }

    private static string InBuffer(Action<Utf8Sink> write)
    {
        var buffer = new MemoryStream();
        using (var sink = new Utf8Sink(buffer))
        {
            write(sink);
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static readonly JsonStyle PythonJsonStyle =
        new(null, "\n", ": ", ", ", EscapeNonAscii: true, EscapeSlash: false, UpperHex: false, EscapeHtml: false, SortKeys: false, FinalNewline: false);

    /// <summary>
    /// Parses the text after a marker: returns the title (words before the first option) and the
    /// options in order. Throws <see cref="FormatException"/> with a message when a value is not JSON.
    /// </summary>
    public static (string Title, List<KeyValuePair<string, JToken?>> Options) Parse(string text)
    {
        var options = new List<KeyValuePair<string, JToken?>>();
        var titleWords = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
            if (i >= text.Length) break;
            var keyLength = KeyLength(text, i);
            if (keyLength > 0)
            {
                var key = text.Substring(i, keyLength);
                i += keyLength + 1;
                var (value, end) = ReadJsonValue(text, i, key);
                options.Add(new(key, value));
                i = end;
                continue;
            }
            var wordEnd = i;
            while (wordEnd < text.Length && !char.IsWhiteSpace(text[wordEnd])) wordEnd++;
            var word = text[i..wordEnd];
            if (options.Count > 0 && IdentifierPattern().IsMatch(word))
            {
                options.Add(new(word, null)); // a bare key: null value
            }
            else if (options.Count > 0)
            {
                throw new FormatException($"cannot read \"{word}\" as cell metadata: expected key=value with a JSON value");
            }
            else
            {
                titleWords.Add(word);
            }
            i = wordEnd;
        }
        return (string.Join(" ", titleWords), options);
    }

    /// <summary>
    /// The length of the key of a <c>key=</c> at <paramref name="start"/> (keys as jupytext accepts
    /// them, plus '@' and '/' of namespaced extension keys such as <c>@deathbeds/jupyterlab-fonts</c>),
    /// or 0 when none starts there.
    /// </summary>
    private static int KeyLength(string text, int start)
    {
        if (start >= text.Length || !(char.IsAsciiLetterOrDigit(text[start]) || text[start] is '_' or '@')) return 0;
        var end = start + 1;
        while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] is '_' or '.' or '-' or '@' or '/')) end++;
        return end < text.Length && text[end] == '=' ? end - start : 0;
    }

    private static (JToken Value, int End) ReadJsonValue(string text, int start, string key)
    {
        var rest = text.AsSpan(start);
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(rest.Length));
        try
        {
            var bytes = buffer.AsSpan(0, Encoding.UTF8.GetBytes(rest, buffer));
            var reader = new System.Text.Json.Utf8JsonReader(bytes, new System.Text.Json.JsonReaderOptions { AllowMultipleValues = true });
            try
            {
                if (!reader.Read()) throw new FormatException($"cell metadata \"{key}\" has no value after '='");
                if (reader.TokenType is System.Text.Json.JsonTokenType.StartObject or System.Text.Json.JsonTokenType.StartArray) reader.Skip();
            }
            catch (System.Text.Json.JsonException ex)
            {
                throw new FormatException($"cell metadata \"{key}\" is not valid JSON: {FirstSentence(ex.Message)}");
            }
            var json = bytes[..(int)reader.BytesConsumed];
            var end = start + Encoding.UTF8.GetCharCount(json);
            if (end < text.Length && !char.IsWhiteSpace(text[end]))
            {
                throw new FormatException($"cell metadata \"{key}\" is not valid JSON: unexpected \"{text[end]}\" after the value");
            }
            // The value without the white space the reader skipped before it.
            return (JsonSource.ParseToken(json.Trim(" \t\r\n"u8)), end);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut >= 0 ? message[..cut] : message).TrimEnd('.', ' ');
    }

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_.\-]*$")]
    private static partial Regex IdentifierPattern();
}
