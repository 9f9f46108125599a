namespace NbTools.Core.IO;

/// <summary>
/// Writes files so that a reader never sees a partial one: the bytes go to a temporary file in the
/// same folder, which then replaces the target in one rename. An existing file keeps its Unix mode;
/// a symbolic link is written through (its target is replaced, the link stays); a device or FIFO
/// is written into. Temporary files
/// that a killed run left behind are removed the next time a file in their folder is read or written.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> atomically.</summary>
    public static void Write(string path, byte[] content) => WriteIfChanged(path, stream => stream.Write(content), compare: false);

    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> atomically.</summary>
    public static void Write(string path, ReadOnlySpan<byte> content)
    {
        var bytes = content.ToArray();
        WriteIfChanged(path, stream => stream.Write(bytes), compare: false);
    }

    /// <summary>
    /// Streams content into a temporary file beside <paramref name="path"/> and renames it over the
    /// target, unless the target already holds exactly those bytes (then nothing changes, not even
    /// the modification time). Returns true when the file was written. If <paramref name="write"/>
    /// throws, the target is untouched and the temporary file removed.
    /// </summary>
    public static bool WriteIfChanged(string path, Action<Stream> write, bool compare = true)
    {
        var full = FilePaths.WriteTarget(path);
        if (File.Exists(full) && FileKind.IsRegular(full) == false) return WriteInto(path, full, write);
        var folder = Path.GetDirectoryName(full) ?? ".";
        StaleTempFiles.CleanOnce(folder);
        var temp = Path.Combine(folder, StaleTempFiles.NameFor(Path.GetFileName(full)));
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
            }
            if (compare && SameContent(temp, full))
            {
                File.Delete(temp);
                return false;
            }
            if (!OperatingSystem.IsWindows() && File.Exists(full))
            {
                File.SetUnixFileMode(temp, File.GetUnixFileMode(full));
            }
            WriteFaults.BeforeReplace(full);
            File.Move(temp, full, overwrite: true);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw new NbToolsException($"{path}: cannot write the file: {ex.Message}", ex);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>
    /// A device or FIFO (<c>-o /dev/null</c>, <c>/dev/stdout</c>, a pipe) is written into, never
    /// replaced: a rename would put a regular file where the device was.
    /// </summary>
    private static bool WriteInto(string path, string full, Action<Stream> write)
    {
        try
        {
            using var stream = new FileStream(full, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1 << 16);
            write(stream);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new NbToolsException($"{path}: cannot write the file: {ex.Message}", ex);
        }
    }

    private static bool SameContent(string a, string b)
    {
        if (!File.Exists(b)) return false;
        var infoA = new FileInfo(a);
        var infoB = new FileInfo(b);
        if (infoA.Length != infoB.Length) return false;
        using var streamA = new FileStream(a, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
        using var streamB = new FileStream(b, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1);
        var bufferA = new byte[1 << 16];
        var bufferB = new byte[1 << 16];
        while (true)
        {
            var n = streamA.ReadAtLeast(bufferA, bufferA.Length, throwOnEndOfStream: false);
            var m = streamB.ReadAtLeast(bufferB, bufferB.Length, throwOnEndOfStream: false);
            if (n != m || !bufferA.AsSpan(0, n).SequenceEqual(bufferB.AsSpan(0, m))) return false;
            if (n == 0) return true;
        }
    }

    internal static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: the original error is what matters.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
