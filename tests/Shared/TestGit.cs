// Shared by every test project (linked into each), not a project of its own.
using System.Diagnostics;

namespace NbTools.Tests.Support;

/// <summary>
/// The real git, run in a test's temporary repository: a fixed identity, no pager, no commit signing,
/// no system configuration, and no GIT_DIR/GIT_WORK_TREE/GIT_INDEX_FILE inherited from a caller's hook.
/// </summary>
public static class TestGit
{
    private static readonly (string Key, string Value)[] Settings =
        [("user.name", "NbTools tests"), ("user.email", "tests@nbtools.invalid"), ("core.pager", "cat"), ("commit.gpgsign", "false")];

    /// <summary>Runs git in <paramref name="folder"/>: its exit code, standard output and standard error.</summary>
    public static (int Code, string Out, string Error) Result(string folder, params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var name in new[] { "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE" }) start.Environment.Remove(name);
        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        foreach (var (key, value) in Settings)
        {
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add($"{key}={value}");
        }
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Result, error);
    }

    /// <summary>Runs git in <paramref name="folder"/> and returns its standard output; the test fails when git does.</summary>
    public static string Run(string folder, params string[] args)
    {
        var (code, output, error) = Result(folder, args);
        Assert.True(code == 0, $"git {string.Join(' ', args)} failed: {error}");
        return output;
    }

    /// <summary>A new repository in <paramref name="folder"/> whose branch is <c>main</c>.</summary>
    public static void Init(string folder) => Run(folder, "init", "-q", "-b", "main");

    /// <summary>Stages everything in <paramref name="folder"/> and commits it.</summary>
    public static void CommitAll(string folder, string message)
    {
        Run(folder, "add", "-A");
        Run(folder, "commit", "-q", "-m", message);
    }
}
