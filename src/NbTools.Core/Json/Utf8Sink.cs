using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace NbTools.Core.Json;

/// <summary>
/// UTF-8 output to a stream through a small buffer, so writing a notebook never holds a second
/// copy of the whole file in memory.
/// </summary>
internal sealed class Utf8Sink : IDisposable
{
    private const int BufferSize = 64 * 1024;
    private readonly Stream stream;
    private byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    private int count;

    public Utf8Sink(Stream stream) => this.stream = stream;

    public void Write(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > buffer.Length - count)
        {
            Flush();
            if (bytes.Length >= buffer.Length)
            {
                stream.Write(bytes);
                return;
            }
        }
        bytes.CopyTo(buffer.AsSpan(count));
        count += bytes.Length;
    }

    public void Write(byte b)
    {
        if (count == buffer.Length) Flush();
        buffer[count++] = b;
    }

    /// <summary>Writes text as UTF-8 (callers escape JSON themselves).</summary>
    public void WriteText(string text) => WriteText(text.AsSpan());

    /// <summary>
    /// Writes text as UTF-8, through the buffer however long it is (a lone surrogate becomes U+FFFD,
    /// as <see cref="Encoding.UTF8"/> writes it).
    /// </summary>
    public void WriteText(ReadOnlySpan<char> text)
    {
        if (Encoding.UTF8.GetMaxByteCount(text.Length) <= buffer.Length - count)
        {
            count += Encoding.UTF8.GetBytes(text, buffer.AsSpan(count));
            return;
        }
        while (true)
        {
            // Encodes what fits (never half a surrogate pair), flushes, and goes on with the rest.
            var status = Utf8.FromUtf16(text, buffer.AsSpan(count), out var read, out var written);
            count += written;
            text = text[read..];
            if (status != OperationStatus.DestinationTooSmall) return;
            Flush();
        }
    }

    public void Flush()
    {
        if (count == 0) return;
        stream.Write(buffer, 0, count);
        count = 0;
    }

    public void Dispose()
    {
        Flush();
        ArrayPool<byte>.Shared.Return(buffer);
        buffer = [];
    }
}
