using System.Buffers;
using System.Text;

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
    public void WriteText(string text)
    {
        var max = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (max > buffer.Length - count) Flush();
        if (max > buffer.Length)
        {
            stream.Write(Encoding.UTF8.GetBytes(text));
            return;
        }
        count += Encoding.UTF8.GetBytes(text, buffer.AsSpan(count));
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
