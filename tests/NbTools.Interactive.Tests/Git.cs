using System.Diagnostics;

namespace NbTools.Interactive.Tests;

/// <summary>The real git, in a test's temporary repository.</summary>
internal static class Git
{
    public static string Run(string folder, params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var name in new[] { "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE" }) start.Environment.Remove(name);
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("user.name=NbTools Tests");
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("user.email=tests@nbtools.invalid");
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"git {string.Join(' ', args)}: {error}");
        return output.Result;
    }

    public static void Init(string folder) => Run(folder, "init", "-q", "-b", "main");

    public static void CommitAll(string folder, string message)
    {
        Run(folder, "add", "-A");
        Run(folder, "commit", "-q", "-m", message);
    }
}
