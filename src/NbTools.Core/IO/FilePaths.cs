namespace NbTools.Core.IO;

/// <summary>Where a path really leads: symbolic links followed, so inputs and outputs can be compared and links written through.</summary>
public static class FilePaths
{
    /// <summary>
    /// The file a write to <paramref name="path"/> must replace: the final target of a symbolic link
    /// (so the link stays a link and its target gets the content), else the full path itself.
    /// </summary>
    public static string WriteTarget(string path)
    {
        var full = Path.GetFullPath(path);
        try
        {
            if (new FileInfo(full).LinkTarget is null) return full;
            var target = File.ResolveLinkTarget(full, returnFinalTarget: true);
            return target is null ? full : Path.GetFullPath(target.FullName);
        }
        catch (IOException ex)
        {
            throw new NbToolsException($"{path}: cannot follow the symbolic link: {ex.Message}", ex);
        }
    }

    /// <summary>True when two paths name the same file (after following symbolic links).</summary>
    public static bool Same(string a, string b) => string.Equals(WriteTarget(a), WriteTarget(b), StringComparison.Ordinal);
}
