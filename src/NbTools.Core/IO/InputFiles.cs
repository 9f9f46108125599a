namespace NbTools.Core.IO;

/// <summary>
/// Reads input files, turning file-system failures into one-line errors that name the file. Only
/// regular files (or symbolic links to them) are read – a FIFO would block and <c>/dev/zero</c>
/// never ends – besides <c>/dev/null</c>, which is empty; no input may be larger than <see cref="MaxBytes"/>.
/// </summary>
public static class InputFiles
{
    /// <summary>The largest input NbTools reads (1 GiB): .NET arrays stop at 2 GiB, and a notebook model takes a few times its file.</summary>
    public const long MaxBytes = 1L << 30;

    /// <summary>All bytes of a file, or an <see cref="NbToolsException"/> saying why not.</summary>
    public static byte[] ReadAllBytes(string path)
    {
        if (Directory.Exists(path))
        {
            throw new NbToolsException($"{path}: is a folder, not a notebook file");
        }
        if (OperatingSystem.IsLinux() && FilePaths.WriteTarget(path) == "/dev/null") return []; // what git passes for a missing side
        if (File.Exists(path) && FileKind.IsRegular(path) == false)
        {
            throw new NbToolsException($"{path}: is not a regular file (a FIFO, socket or device); NbTools reads notebooks from files");
        }
        try
        {
            CleanStaleTempFilesBeside(path);
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1);
            return ReadBounded(stream, path);
        }
        catch (FileNotFoundException)
        {
            throw new NbToolsException($"{path}: no such file");
        }
        catch (DirectoryNotFoundException)
        {
            throw new NbToolsException($"{path}: no such file (its folder does not exist)");
        }
        catch (UnauthorizedAccessException)
        {
            throw new NbToolsException($"{path}: permission denied");
        }
        catch (IOException ex)
        {
            throw new NbToolsException($"{path}: cannot read the file: {ex.Message}");
        }
    }

    /// <summary>Removes NbTools' stale temporary files from the input's folder (once per folder), as every read of an input file does.</summary>
    public static void CleanStaleTempFilesBeside(string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null) StaleTempFiles.CleanOnce(folder);
    }

    /// <summary>Reads a whole stream, refusing one longer than <see cref="MaxBytes"/> (standard input, git blobs).</summary>
    public static byte[] ReadBounded(Stream stream, string name)
    {
        var known = stream.CanSeek ? stream.Length - stream.Position : 0;
        if (known > MaxBytes) throw TooLarge(name);
        if (known > 0 && ReadKnownLength(stream, (int)known) is { } whole) return whole;
        using var buffer = new MemoryStream(known > 0 ? (int)known : 1 << 16);
        var chunk = new byte[1 << 16];
        int n;
        while ((n = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + n > MaxBytes) throw TooLarge(name);
            buffer.Write(chunk, 0, n);
        }
        return buffer.Length == buffer.Capacity ? buffer.GetBuffer() : buffer.ToArray();
    }

    /// <summary>
    /// A file of known length read straight into one array of that length: no growing buffer and no
    /// second copy of a large notebook. Null (stream rewound) when the file changed length meanwhile.
    /// </summary>
    private static byte[]? ReadKnownLength(Stream stream, int length)
    {
        var start = stream.Position;
        var bytes = GC.AllocateUninitializedArray<byte>(length);
        var read = 0;
        int n;
        while (read < length && (n = stream.Read(bytes, read, length - read)) > 0) read += n;
        if (read == length && stream.ReadByte() < 0) return bytes;
        stream.Position = start;
        return null;
    }

    private static NbToolsException TooLarge(string name) =>
        new($"{name}: larger than {MaxBytes >> 20} MiB, the most NbTools reads; is it really a notebook?");
}
