using NbTools.Core.IO;

namespace NbTools.Extraction.Output;

/// <summary>
/// The output folder: refuses one that is not empty and not ours (unless forced), keeps every file
/// inside it, writes each file atomically and only when its bytes change, and in check mode only compares.
/// </summary>
internal static class OutputFolder
{
    /// <summary>Refuses a folder that is a file, or not empty and not written by extract (without <paramref name="force"/>).</summary>
    public static void Guard(string folder, bool force, bool check)
    {
        if (File.Exists(folder)) throw new ExtractionException($"{folder}: is a file, not a folder");
        if (check || force || !Directory.Exists(folder)) return;
        if (Manifest.Read(folder) is not null) return;
        if (Directory.EnumerateFileSystemEntries(folder).Any())
        {
            throw new ExtractionException($"{folder}: the folder is not empty and was not written by nbtools extract; choose an empty folder or use --force (its other files are left alone)");
        }
    }

    /// <summary>The full path of <paramref name="relative"/> in <paramref name="folder"/>, refusing any that would land outside it.</summary>
    public static string PathOf(string folder, string relative)
    {
        var full = Path.GetFullPath(Path.Combine(folder, relative));
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)) + Path.DirectorySeparatorChar;
        if (!full.StartsWith(root, StringComparison.Ordinal)) throw new ExtractionException($"{relative}: would be written outside the output folder {folder}");
        return full;
    }

    public static List<ExtractedFile> Apply(string folder, IReadOnlyList<GeneratedFile> files, bool check)
    {
        var paths = files.Select(f => (File: f, Path: PathOf(folder, f.RelativePath))).ToList();
        var result = new List<ExtractedFile>();
        foreach (var (file, path) in paths)
        {
            var same = File.Exists(path) && (file.CopyWhenMissing || SameBytes(path, file.Content));
            if (check)
            {
                result.Add(new(path, same ? ExtractedFileState.Unchanged : ExtractedFileState.Stale));
                continue;
            }
            if (same)
            {
                result.Add(new(path, ExtractedFileState.Unchanged));
                continue;
            }
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            AtomicFile.WriteIfChanged(path, stream => stream.Write(file.Content));
            result.Add(new(path, ExtractedFileState.Written));
        }
        return result;
    }

    private static bool SameBytes(string path, byte[] content)
    {
        var info = new FileInfo(path);
        return info.Length == content.Length && File.ReadAllBytes(path).AsSpan().SequenceEqual(content);
    }
}
