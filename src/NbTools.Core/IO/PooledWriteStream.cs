using System.Buffers;

namespace NbTools.Core.IO;

/// <summary>
/// A write-only stream that collects bytes in chunks rented from <see cref="ArrayPool{T}.Shared"/>
/// and gives them back as one array of exactly the written length. A <see cref="MemoryStream"/>
/// of unknown final size doubles its buffer as it grows and copies it once more at the end: for a
/// 3 MB output that is about 12 MB allocated; here it is the 3 MB of the result, as the chunks
/// go back to the pool (see <see cref="Notebooks.ToBytes"/>).
/// </summary>
internal sealed class PooledWriteStream : Stream
{
    private const int FirstChunk = 64 * 1024;
    private const int LargestChunk = 1024 * 1024;
    private readonly List<(byte[] Chunk, int Count)> full = [];
    private byte[] current = ArrayPool<byte>.Shared.Rent(FirstChunk);
    private int count;
    private long length;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => length;

    public override long Position
    {
        get => length;
        set => throw new NotSupportedException();
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(current.Length == 0, this);
        while (buffer.Length > 0)
        {
            if (count == current.Length)
            {
                full.Add((current, count));
                // Chunks grow with the output, so a large one takes few rents, but stay small enough for the pool to keep.
                current = ArrayPool<byte>.Shared.Rent(Math.Min(LargestChunk, current.Length * 2));
                count = 0;
            }
            var n = Math.Min(buffer.Length, current.Length - count);
            buffer[..n].CopyTo(current.AsSpan(count));
            count += n;
            length += n;
            buffer = buffer[n..];
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void WriteByte(byte value) => Write([value]);

    /// <summary>The bytes written so far, in one new array of their exact length.</summary>
    public byte[] ToArray()
    {
        var result = GC.AllocateUninitializedArray<byte>(checked((int)length));
        var at = 0;
        foreach (var (chunk, n) in full)
        {
            chunk.AsSpan(0, n).CopyTo(result.AsSpan(at));
            at += n;
        }
        current.AsSpan(0, count).CopyTo(result.AsSpan(at));
        return result;
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && current.Length > 0)
        {
            foreach (var (chunk, _) in full) ArrayPool<byte>.Shared.Return(chunk);
            full.Clear();
            ArrayPool<byte>.Shared.Return(current);
            current = [];
        }
        base.Dispose(disposing);
    }
}
