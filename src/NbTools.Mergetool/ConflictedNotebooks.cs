using System.Text;
using NbTools.Core;
using NbTools.Core.Git;

namespace NbTools.Mergetool;

/// <summary>The notebooks <c>git status</c> shows as conflicted, with their three index stages.</summary>
public static class ConflictedNotebooks
{
    /// <summary>One conflicted notebook: its path (absolute) and its stages' bytes (an empty base: both sides added it).</summary>
    /// <param name="Path">The working-tree file, where the resolution goes.</param>
    /// <param name="Base">Stage 1 (empty when there is none).</param>
    /// <param name="Local">Stage 2 (ours).</param>
    /// <param name="Remote">Stage 3 (theirs).</param>
    public sealed record Entry(string Path, byte[] Base, byte[] Local, byte[] Remote);

    /// <summary>
    /// The conflicted <c>.ipynb</c> files of the repository around <paramref name="folder"/>; those one
    /// side deleted are listed in <paramref name="skipped"/> (git rm or git checkout resolves them).
    /// </summary>
    public static List<Entry> Find(string folder, List<string> skipped)
    {
        var (topCode, topBytes, topError) = GitBlobs.Run(folder, "rev-parse", "--show-toplevel");
        if (topCode != 0) throw new NbToolsException($"{folder}: not inside a git repository ({topError.Trim()}); give BASE LOCAL REMOTE -o MERGED instead");
        var top = Encoding.UTF8.GetString(topBytes).Trim();
        var (code, output, error) = GitBlobs.Run(top, "status", "--porcelain=v1", "-z", "--untracked-files=no");
        if (code != 0) throw new NbToolsException($"git status failed: {error.Trim()}");
        var entries = new List<Entry>();
        foreach (var record in Encoding.UTF8.GetString(output).Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            if (record.Length < 4) continue;
            var (status, path) = (record[..2], record[3..]);
            if (status is not ("UU" or "AA" or "DU" or "UD" or "AU" or "UA" or "DD") || !path.EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase)) continue;
            var local = Stage(top, 2, path);
            var remote = Stage(top, 3, path);
            if (local is null || remote is null)
            {
                skipped.Add(path);
                continue;
            }
            entries.Add(new Entry(System.IO.Path.Combine(top, path), Stage(top, 1, path) ?? [], local, remote));
        }
        return entries;
    }

    private static byte[]? Stage(string top, int stage, string path)
    {
        var (code, output, _) = GitBlobs.Run(top, "show", $":{stage}:{path}");
        return code == 0 ? output : null;
    }
}
