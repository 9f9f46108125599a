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
            var folder = Path.GetDirectoryName(Path.GetFullPath(path));
            if (folder is not null) StaleTempFiles.CleanOnce(folder);
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

    /// <summary>Reads a whole stream, refusing one longer than <see cref="MaxBytes"/> (standard input, git blobs).</summary>
    public static byte[] ReadBounded(Stream stream, string name)
    {
        var known = stream.CanSeek ? stream.Length : 0;
        if (known > MaxBytes) throw TooLarge(name);
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

    private static NbToolsException TooLarge(string name) =>
        new($"{name}: larger than {MaxBytes >> 20} MiB, the most NbTools reads; is it really a notebook?");
}
