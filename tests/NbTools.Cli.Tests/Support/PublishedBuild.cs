namespace NbTools.Cli.Tests.Support;

/// <summary>
/// The fast install that tests/run-all.sh publishes into .tools/nbtools (src/NbTools.Cli.Native: the
/// Native AOT nbtools, the full nbtools in full/, nbtools-git beside them), whose binaries some tests
/// run. Required in CI (CI=true); elsewhere a test without it is skipped with a message.
/// </summary>
public static class PublishedBuild
{
    /// <summary>The path of <paramref name="file"/> in the fast install, or the one <paramref name="variable"/> names.</summary>
    public static string Find(string file, string variable)
    {
        var configured = Environment.GetEnvironmentVariable(variable);
        var path = configured is { Length: > 0 } ? configured : Path.Combine(RepositoryRoot.Path, ".tools", "nbtools", file);
        if (File.Exists(path)) return path;
        var message = $"the published {file} is not at {path}: run ./tests/run-all.sh (it publishes the fast install, src/NbTools.Cli.Native, into .tools/nbtools) or set {variable}";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)) throw new InvalidOperationException(message + " (CI=true: the published build's tests are required)");
        Skip.If(true, message);
        return "";
    }
}
