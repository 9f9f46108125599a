using Microsoft.Win32.SafeHandles;

namespace NbTools.Core.Json;

/// <summary>
/// A file's bytes left in the file and read back in pieces: what a diff or merge of large notebooks
/// holds instead of each whole file. Most of a notebook is outputs, which these commands compare or
/// copy but rarely parse, so each notebook keeps its layout (byte ranges) in memory and reads a
/// range again only when it is needed. Reads go through a cached block (one per thread), so the mostly sequential
/// access of a diff or a merge's writer costs a read per block, not per cell.
/// </summary>
/// <remarks>
/// The file stays open until the notebook is collected. A file replaced by a rename (git, editors
/// and NbTools itself save that way) is still read as it was; one changed in place is noticed when
/// a read comes up short or <see cref="EnsureUnchanged"/> finds another length or modification time.
/// </remarks>
internal sealed class FileBackedBytes
{
    /// <summary>The cached block: ranges up to this size are served from it.</summary>
    public const int BlockSize = 256 * 1024;

    private readonly SafeFileHandle handle;
    private readonly DateTime lastWrite;

    // One cached block per thread: a span handed out stays valid until that thread's next read,
    // whatever other threads read meanwhile (a model may be read from several threads).
    private readonly ThreadLocal<Block> blocks = new(() => new Block());

    public FileBackedBytes(SafeFileHandle handle, string name, int length)
    {
        this.handle = handle;
        Name = name;
        Length = length;
        lastWrite = File.GetLastWriteTimeUtc(handle);
    }

    /// <summary>The file name used in error messages.</summary>
    public string Name { get; }

    public int Length { get; }

    /// <summary>The bytes of a range: a span of this thread's cached block, valid until its next read (a range larger than a block gets its own array).</summary>
    public ReadOnlySpan<byte> Read(int start, int end)
    {
        if (start < 0 || end > Length || start > end) throw new ArgumentOutOfRangeException(nameof(start), $"{start}..{end} is outside the {Length} bytes of {Name}");
        if (end - start > BlockSize) return ReadCopy(start, end);
        var block = blocks.Value!;
        if (block.Bytes is null || start < block.Start || end > block.Start + block.Length)
        {
            block.Bytes ??= GC.AllocateUninitializedArray<byte>(BlockSize);
            block.Start = start;
            block.Length = Math.Min(BlockSize, Length - start);
            ReadExactly(start, block.Bytes.AsSpan(0, block.Length));
        }
        return block.Bytes.AsSpan(start - block.Start, end - start);
    }

    private sealed class Block
    {
        public byte[]? Bytes;
        public int Start;
        public int Length;
    }

    /// <summary>The bytes of a range in an array of their own.</summary>
    public byte[] ReadCopy(int start, int end)
    {
        var bytes = GC.AllocateUninitializedArray<byte>(end - start);
        ReadExactly(start, bytes);
        return bytes;
    }

    /// <summary>Reads into <paramref name="destination"/> from <paramref name="offset"/>; a file shorter than when it was opened is an error.</summary>
    public void ReadExactly(long offset, Span<byte> destination)
    {
        var done = 0;
        while (done < destination.Length)
        {
            var n = RandomAccess.Read(handle, destination[done..], offset + done);
            if (n <= 0) throw Changed();
            done += n;
        }
    }

    /// <summary>Fails when the file's length or modification time is not what it was when opened.</summary>
    public void EnsureUnchanged()
    {
        if (RandomAccess.GetLength(handle) != Length || File.GetLastWriteTimeUtc(handle) != lastWrite) throw Changed();
    }

    private NbToolsException Changed() =>
        new($"{Name}: the file changed while NbTools was reading it; run the command again once nothing else writes to it");
}
