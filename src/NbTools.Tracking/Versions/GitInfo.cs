using System.Diagnostics;

namespace NbTools.Tracking.Versions;

/// <summary>The code version: the git commit, branch, remote and whether the working tree has uncommitted changes.</summary>
public sealed record GitInfo(string Commit, string? Branch, string? RepoUrl, bool Dirty)
{
    /// <summary>The state of the repository holding <paramref name="folder"/>, or null when it is not in one (or git is missing).</summary>
    public static GitInfo? Capture(string folder)
    {
        var commit = Git(folder, "rev-parse", "HEAD");
        if (commit is null) return null;
        var branch = Git(folder, "rev-parse", "--abbrev-ref", "HEAD");
        var remote = Git(folder, "config", "--get", "remote.origin.url");
        var status = Git(folder, "status", "--porcelain", "--untracked-files=no");
        return new GitInfo(commit, branch is null or "HEAD" ? null : branch, string.IsNullOrEmpty(remote) ? null : remote, !string.IsNullOrEmpty(status));
    }

    /// <summary>MLflow's system tags for it.</summary>
    public IEnumerable<KeyValuePair<string, string>> Tags()
    {
        yield return new("mlflow.source.git.commit", Commit);
        if (Branch is not null) yield return new("mlflow.source.git.branch", Branch);
        if (RepoUrl is not null) yield return new("mlflow.source.git.repoURL", RepoUrl);
        yield return new("mlflow.source.git.dirty", Dirty ? "true" : "false");
    }

    private static string? Git(string folder, params string[] args)
    {
        try
        {
            var start = new ProcessStartInfo("git") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in args) start.ArgumentList.Add(a);
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd();
            process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? output.Trim() : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // no git on this machine
        }
    }
}
