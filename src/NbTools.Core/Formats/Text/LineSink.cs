using NbTools.Core.Json;

namespace NbTools.Core.Formats.Text;

/// <summary>
/// Writes text notebooks line by line (LF line breaks, a final line break) straight to a stream as
/// UTF-8 through a small pooled buffer, so a large notebook's text is never held whole in memory.
/// A line can be written in pieces (<see cref="Write"/> then <see cref="EndLine"/>), so writers
/// can add comment prefixes to a cell's lines without making a string of each.
/// </summary>
internal sealed class LineSink : IDisposable
{
    private readonly Stream stream;
    private readonly Utf8Sink sink;

    public LineSink(Stream stream)
    {
        this.stream = stream;
        sink = new Utf8Sink(stream);
    }

    public void Add(string line) => Add(line.AsSpan());

    public void Add(ReadOnlySpan<char> line)
    {
        sink.WriteText(line);
        sink.Write((byte)'\n');
    }

    public void AddRange(IEnumerable<string> lines)
    {
        foreach (var line in lines) Add(line);
    }

    /// <summary>The UTF-8 output, for parts of a line written as bytes (JSON values of cell options).</summary>
    public Utf8Sink Utf8 => sink;

    /// <summary>Writes part of a line.</summary>
    public void Write(ReadOnlySpan<char> text) => sink.WriteText(text);

    /// <summary>Ends the line written in parts.</summary>
    public void EndLine() => sink.Write((byte)'\n');

    /// <summary>Writes out the buffer and flushes the stream (as the <see cref="StreamWriter"/> this replaces did).</summary>
    public void Dispose()
    {
        sink.Dispose();
        stream.Flush();
    }
}
