using System.Collections.Concurrent;
using System.Globalization;

namespace NbTools.Core.IO;

/// <summary>
/// Names the temporary files <see cref="AtomicFile"/> writes (<c>.NAME.nbtools-PID-GUID.tmp</c>) and
/// removes the ones whose process is gone: a run killed between writing and renaming leaves its
/// temporary file behind, and the next run that touches the folder cleans it (once per folder and process).
/// </summary>
internal static class StaleTempFiles
{
    private const string Marker = ".nbtools-";
    private static readonly ConcurrentDictionary<string, bool> Cleaned = new(StringComparer.Ordinal);

    public static string NameFor(string fileName) => $".{fileName}{Marker}{Environment.ProcessId}-{Guid.NewGuid():N}.tmp";

    /// <summary>Deletes temporary files in <paramref name="folder"/> left by processes that no longer run.</summary>
    public static void CleanOnce(string folder)
    {
        if (!Cleaned.TryAdd(folder, true)) return;
        Clean(folder);
    }

    /// <summary>Deletes temporary files in <paramref name="folder"/> left by processes that no longer run.</summary>
    public static int Clean(string folder)
    {
        var removed = 0;
        IEnumerable<string> candidates;
        try
        {
            candidates = Directory.EnumerateFiles(folder, $".*{Marker}*.tmp").ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
        foreach (var file in candidates)
        {
            if (OwnerOf(Path.GetFileName(file)) is not { } pid || pid == Environment.ProcessId || IsRunning(pid)) continue;
            AtomicFile.TryDelete(file);
            removed++;
        }
        return removed;
    }

    private static int? OwnerOf(string name)
    {
        var at = name.LastIndexOf(Marker, StringComparison.Ordinal);
        if (at < 0) return null;
        var rest = name.AsSpan(at + Marker.Length);
        var dash = rest.IndexOf('-');
        if (dash <= 0 || !name.EndsWith(".tmp", StringComparison.Ordinal)) return null;
        return int.TryParse(rest[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
    }

    private static bool IsRunning(int pid)
    {
        if (OperatingSystem.IsLinux()) return Directory.Exists($"/proc/{pid}");
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
