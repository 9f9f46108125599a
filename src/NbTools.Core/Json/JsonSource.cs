using System.Text;
using System.Text.Json;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace NbTools.Core.Json;

/// <summary>
/// The UTF-8 text of a JSON file kept in memory, with the operations the lossless layer needs on
/// it: container layouts (via System.Text.Json's <see cref="Utf8JsonReader"/>, which reports exact
/// byte offsets), values as Newtonsoft <see cref="JToken"/>s on demand, and line/position lookups.
/// </summary>
internal sealed class JsonSource
{
    public static readonly JsonReaderOptions ReaderOptions = new()
    {
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
        // Deeper notebooks are refused: the splicer, differ and Newtonsoft recurse per level, and
        // 10,000 levels overflowed the stack in strip. Python's json module stops near 1,000 too.
        MaxDepth = JsonSource.MaxDepth,
    };

    /// <summary>The deepest nesting of JSON objects and arrays NbTools reads.</summary>
    public const int MaxDepth = 1000;

    private readonly ReadOnlyMemory<byte> memory;
    private readonly FileBackedBytes? file;

    /// <summary>A document held in memory.</summary>
    public JsonSource(ReadOnlyMemory<byte> utf8, string file)
    {
        memory = utf8;
        File = file;
    }

    /// <summary>A document left in its file and read back in pieces as they are needed (see <see cref="FileBackedBytes"/>).</summary>
    public JsonSource(FileBackedBytes file)
    {
        this.file = file;
        File = file.Name;
    }

    /// <summary>The whole document; only for a document held in memory (<see cref="InMemory"/>).</summary>
    public ReadOnlyMemory<byte> Utf8 => file is null ? memory : throw new InvalidOperationException($"{File}: the document is read from its file in pieces, not held whole");

    /// <summary>False when the document stays in its file and is read back in pieces.</summary>
    public bool InMemory => file is null;

    /// <summary>The document's length in bytes.</summary>
    public int Length => file?.Length ?? memory.Length;

    /// <summary>The file name used in error messages.</summary>
    public string File { get; }

    /// <summary>
    /// The bytes of a range. For a document left in its file the span is only valid until the next
    /// read from this source: use it at once, before reading anything else of this document.
    /// </summary>
    public ReadOnlySpan<byte> Slice(RawSpan span) => Slice(span.Start, span.End);

    /// <inheritdoc cref="Slice(RawSpan)"/>
    public ReadOnlySpan<byte> Slice(int start, int end) => file is null ? memory.Span[start..end] : file.Read(start, end);

    /// <summary>Writes the bytes of a range to <paramref name="sink"/>, in pieces for a document left in its file.</summary>
    public void CopyTo(Utf8Sink sink, int start, int end)
    {
        if (file is null)
        {
            sink.Write(memory.Span[start..end]);
            return;
        }
        for (var at = start; at < end; at += FileBackedBytes.BlockSize)
        {
            sink.Write(file.Read(at, Math.Min(end, at + FileBackedBytes.BlockSize)));
        }
    }

    /// <summary>Writes the whole document to <paramref name="output"/>.</summary>
    public void CopyTo(Stream output)
    {
        using var sink = new Utf8Sink(output);
        CopyTo(sink, 0, Length);
    }

    /// <summary>True when the two ranges hold the same bytes (compared in pieces for documents left in their files).</summary>
    public static bool SameBytes(JsonSource a, RawSpan x, JsonSource b, RawSpan y)
    {
        if (x.Length != y.Length) return false;
        if (a.file is null && b.file is null) return a.Slice(x).SequenceEqual(b.Slice(y));
        var piece = System.Buffers.ArrayPool<byte>.Shared.Rent(Math.Min(x.Length, FileBackedBytes.BlockSize));
        try
        {
            for (var at = 0; at < x.Length; at += piece.Length)
            {
                var n = Math.Min(piece.Length, x.Length - at);
                // Copied out first: both ranges may be of one file, whose span the second read replaces.
                a.Slice(x.Start + at, x.Start + at + n).CopyTo(piece);
                if (!piece.AsSpan(0, n).SequenceEqual(b.Slice(y.Start + at, y.Start + at + n))) return false;
            }
            return true;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(piece);
        }
    }

    /// <summary>For a document left in its file: fails when the file changed since it was read (see <see cref="FileBackedBytes.EnsureUnchanged"/>).</summary>
    public void EnsureUnchanged() => file?.EnsureUnchanged();

    /// <summary>Reads the layout of the object or array at <paramref name="span"/>.</summary>
    public RawContainer ReadContainer(RawSpan span)
    {
        var reader = new Utf8JsonReader(Slice(span), isFinalBlock: true, new JsonReaderState(ReaderOptions));
        try
        {
            reader.Read();
            return ReadContainer(ref reader, span.Start);
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw SyntaxError(ex, span.Start);
        }
    }

    /// <summary>
    /// Reads a member's value in place, the reader on its first token; true when it did (the reader
    /// then on the value's last token), false to have it skipped as any other.
    /// </summary>
    public delegate bool MemberReader(string name, ref Utf8JsonReader reader);

    /// <summary>
    /// Reads the container at the reader's current Start token; offsets are shifted by
    /// <paramref name="baseOffset"/>. <paramref name="inPlace"/>, for an object, may read members'
    /// values as the reader passes them (the notebook's cells), instead of skipping them.
    /// </summary>
    public static RawContainer ReadContainer(ref Utf8JsonReader reader, int baseOffset, MemberReader? inPlace = null)
    {
        var isObject = reader.TokenType == JsonTokenType.StartObject;
        var start = baseOffset + (int)reader.TokenStartIndex;
        var items = new List<RawItem>();
        while (reader.Read())
        {
            if (reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray) break;
            string? name = null;
            var itemStart = baseOffset + (int)reader.TokenStartIndex;
            if (isObject)
            {
                name = reader.GetString();
                reader.Read();
            }
            var valueStart = baseOffset + (int)reader.TokenStartIndex;
            var kind = KindOf(reader.TokenType);
            if (kind is RawKind.Object or RawKind.Array && (inPlace is null || !inPlace(name!, ref reader))) reader.Skip();
            var valueEnd = baseOffset + (int)reader.BytesConsumed;
            items.Add(new RawItem(name, itemStart, valueStart, valueEnd, kind));
        }
        return new RawContainer(isObject, start, baseOffset + (int)reader.BytesConsumed, items.ToArray());
    }

    public static RawKind KindOf(JsonTokenType type) => type switch
    {
        JsonTokenType.StartObject => RawKind.Object,
        JsonTokenType.StartArray => RawKind.Array,
        JsonTokenType.String => RawKind.String,
        JsonTokenType.Number => RawKind.Number,
        JsonTokenType.True => RawKind.True,
        JsonTokenType.False => RawKind.False,
        JsonTokenType.Null => RawKind.Null,
        _ => throw new InvalidOperationException($"unexpected JSON token {type}"),
    };

    /// <summary>Parses a value into a Newtonsoft token (dates stay strings, floats are doubles).</summary>
    public JToken ParseToken(RawSpan span) => ParseToken(Slice(span));

    public static JToken ParseToken(ReadOnlySpan<byte> utf8) => JTokenBuilder.Build(utf8);

    /// <summary>Parses with Newtonsoft's own reader (for text that is not yet validated JSON).</summary>
    public static JToken ParseTokenWithNewtonsoft(ReadOnlySpan<byte> utf8)
    {
        using var reader = new JsonTextReader(new StringReader(Encoding.UTF8.GetString(utf8)))
        {
            DateParseHandling = DateParseHandling.None,
            FloatParseHandling = FloatParseHandling.Double,
            MaxDepth = null,
        };
        return JToken.ReadFrom(reader, new JsonLoadSettings { LineInfoHandling = LineInfoHandling.Ignore });
    }

    /// <summary>Decodes a JSON string value.</summary>
    public string DecodeString(RawSpan span)
    {
        var reader = new Utf8JsonReader(Slice(span), isFinalBlock: true, new JsonReaderState(ReaderOptions));
        reader.Read();
        return reader.GetString()!;
    }

    /// <summary>
    /// System.Text.Json quotes a bad literal up to the next delimiter (<c>'n0ll,\n  "key": …'</c>), which
    /// can be the rest of the file: keep the first 40 characters of its first line.
    /// </summary>
    private static string ShortenQuoted(string message)
    {
        var open = message.IndexOf('\'');
        var close = message.IndexOf("' is ", open + 1, StringComparison.Ordinal) is var end and >= 0 ? end : message.LastIndexOf('\'');
        if (open < 0 || close <= open) return message;
        var quoted = message[(open + 1)..close];
        var cut = quoted.IndexOfAny(['\r', '\n']);
        if (cut < 0 && quoted.Length <= 40) return message;
        var kept = quoted[..Math.Min(cut < 0 ? quoted.Length : cut, 40)].TrimEnd(',', ' ');
        return message[..(open + 1)] + kept + "…" + message[close..];
    }

    /// <summary>1-based line and character position of a byte offset.</summary>
    public (int Line, int Position) LineAndPosition(int offset) =>
        // Only for error messages: a document left in its file reads everything before the offset once.
        LineAndPosition(file is null ? memory.Span : file.ReadCopy(0, Math.Min(offset, Length)), offset);

    private static (int Line, int Position) LineAndPosition(ReadOnlySpan<byte> utf8, int offset)
    {
        var text = utf8[..Math.Min(offset, utf8.Length)];
        var line = 1;
        var lineStart = 0;
        int at;
        var searchFrom = 0;
        while ((at = text[searchFrom..].IndexOf((byte)'\n')) >= 0)
        {
            line++;
            lineStart = searchFrom + at + 1;
            searchFrom = lineStart;
        }
        var position = Encoding.UTF8.GetCharCount(text[lineStart..]) + 1;
        return (line, position);
    }

    public NotebookFormatException Error(string problem, string? jsonPath, int offset)
    {
        var (line, position) = LineAndPosition(offset);
        return new NotebookFormatException(File, problem, jsonPath, line, position);
    }

    /// <summary>Turns a System.Text.Json syntax error into a one-line message with line and position.</summary>
    public NotebookFormatException SyntaxError(System.Text.Json.JsonException ex, int baseOffset)
    {
        var message = ex.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut >= 0) message = message[..cut].TrimEnd();
        message = ShortenQuoted(message.TrimEnd('.'));
        if (message.StartsWith("Expected depth to be zero", StringComparison.Ordinal))
        {
            message = "the JSON ends before an object or array is closed (truncated file?)";
        }
        else if (message.Contains("depth of ", StringComparison.Ordinal) && message.Contains("exceeded", StringComparison.Ordinal))
        {
            message = $"the JSON nests deeper than {MaxDepth} levels, more than NbTools reads";
        }
        else
        {
            message = "invalid JSON: " + char.ToLowerInvariant(message[0]) + message[1..];
        }
        if (ex.LineNumber is { } line && ex.BytePositionInLine is { } bytePos)
        {
            // Convert the reader's (line, byte) into an absolute offset, then into characters.
            var lineStart = baseOffset;
            var span = file is null ? memory.Span : file.ReadCopy(0, Length);
            for (var l = 0; l < line && lineStart < span.Length; l++)
            {
                var next = span[lineStart..].IndexOf((byte)'\n');
                if (next < 0) break;
                lineStart += next + 1;
            }
            var offset = (int)Math.Min(span.Length, lineStart + bytePos);
            var (l2, p2) = LineAndPosition(offset);
            return new NotebookFormatException(File, message, null, l2, p2, ex);
        }
        return new NotebookFormatException(File, message, null, null, null, ex);
    }
}
