using System.Text;

using NbTools.Core;
using NbTools.Core.Git;

namespace NbTools.Extraction;

/// <summary>
/// The code version baked into extracted code: the commit of the notebook's last change and whether
/// the notebook differs from it. Taken per file, so committing the generated code does not change it.
/// </summary>
/// <param name="Commit">The commit, or null outside a git repository.</param>
/// <param name="Dirty">True when the notebook has changes not committed.</param>
public sealed record CodeVersion(string? Commit, bool Dirty)
{
    /// <summary>No git information.</summary>
    public static readonly CodeVersion None = new(null, false);

    /// <summary>The version of <paramref name="file"/> as git sees it (None when git or a repository is missing).</summary>
    public static CodeVersion Of(string file)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(file)) ?? ".";
        var name = Path.GetFileName(file);
        var commit = Git(folder, "log", "-1", "--format=%H", "--", name);
        if (string.IsNullOrEmpty(commit)) return Git(folder, "rev-parse", "HEAD") is null ? None : new CodeVersion(null, true);
        var status = Git(folder, "status", "--porcelain", "--", name);
        return new CodeVersion(commit, !string.IsNullOrEmpty(status));
    }

    /// <summary>git's trimmed output, or null when it fails or is not installed.</summary>
    private static string? Git(string folder, params string[] args)
    {
        try
        {
            var (code, output, _) = GitBlobs.Run(folder, args);
            return code == 0 ? Encoding.UTF8.GetString(output).Trim() : null;
        }
        catch (NbToolsException)
        {
            return null; // no git on this machine
        }
    }
}
