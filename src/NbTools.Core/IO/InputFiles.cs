namespace NbTools.Core.IO;

/// <summary>Reads input files, turning file-system failures into one-line errors that name the file.</summary>
public static class InputFiles
{
    /// <summary>All bytes of a file, or an <see cref="NbToolsException"/> saying why not.</summary>
    public static byte[] ReadAllBytes(string path)
    {
        if (Directory.Exists(path))
        {
            throw new NbToolsException($"{path}: is a folder, not a notebook file");
        }
        try
        {
            return File.ReadAllBytes(path);
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
}
