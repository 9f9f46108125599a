using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace NbTools.Cli.Tests;

/// <summary>
/// The hooks in .pre-commit-hooks.yaml, run as pre-commit runs them – entry + args + the staged file
/// names that match the hook's files pattern (none when pass_filenames is false), in the root of a real
/// git repository; a hook fails when it exits non-zero or changes a file – with the built nbtools
/// standing for the `nbtools` on PATH. The pre-commit program itself is not needed.
/// </summary>
public sealed class PreCommitHookTests : IDisposable
{
    private readonly TempFolder repo = new();

    public PreCommitHookTests()
    {
        Git("init", "-q", "-b", "main");
        Git("config", "user.email", "test@example.com");
        Git("config", "user.name", "Test");
        Git("config", "commit.gpgsign", "false");
        File.WriteAllText(repo.File("README.md"), "# notebooks\n");
        Git("add", ".");
        Git("commit", "-q", "-m", "start");
    }

    public void Dispose() => repo.Dispose();

    [Fact]
    public void The_manifest_offers_the_four_hooks_each_running_nbtools()
    {
        var hooks = Hooks();
        Assert.Equal(["nbtools-sync-check", "nbtools-strip", "nbtools-validate", "nbtools-extract-check"], hooks.Keys);
        Assert.Equal("nbtools sync --check", hooks["nbtools-sync-check"].Entry);
        Assert.Equal("nbtools strip", hooks["nbtools-strip"].Entry);
        Assert.Equal("nbtools validate", hooks["nbtools-validate"].Entry);
        Assert.Equal("nbtools extract --check", hooks["nbtools-extract-check"].Entry);
        Assert.All(hooks.Values, h => Assert.Equal("system", h.Language));
    }

    [Fact]
    public void Sync_check_fails_on_a_staged_text_edit_that_was_not_synced_and_passes_once_synced()
    {
        File.WriteAllText(repo.File("nb.ipynb"), Notebook("var price = 2.5;"));
        Assert.Equal(0, CliRun.ProcessAt(repo.Path, "pair", "nb.ipynb", "--with", "cs").ExitCode);
        Git("add", ".");
        Assert.True(RunHook("nbtools-sync-check").Passed);
        Git("commit", "-q", "-m", "pair");

        File.AppendAllText(repo.File("nb.cs"), "\n// %%\nvar tax = 0.2;\n");
        Git("add", "nb.cs");
        var stale = RunHook("nbtools-sync-check");
        Assert.False(stale.Passed);
        Assert.Contains("out of date", stale.Output);

        Assert.Equal(0, CliRun.ProcessAt(repo.Path, "sync", "nb.cs").ExitCode);
        Git("add", ".");
        Assert.True(RunHook("nbtools-sync-check").Passed);
    }

    [Fact]
    public void Strip_fails_while_it_changes_a_staged_notebook_and_passes_on_the_stripped_one()
    {
        File.WriteAllText(repo.File("out.ipynb"), Notebook("1 + 1", "\"execution_count\": 3,\n   \"outputs\": [{\"data\": {\"text/plain\": [\"2\"]}, \"execution_count\": 3, \"metadata\": {}, \"output_type\": \"execute_result\"}],"));
        Git("add", "out.ipynb");
        var first = RunHook("nbtools-strip");
        Assert.False(first.Passed); // pre-commit: "files were modified by this hook"
        Assert.Equal(0, first.ExitCode);
        Assert.DoesNotContain("execute_result", File.ReadAllText(repo.File("out.ipynb")));
        Git("add", "out.ipynb");
        Assert.True(RunHook("nbtools-strip").Passed);
    }

    [Fact]
    public void Validate_fails_on_a_staged_notebook_with_an_unresolved_merge_conflict_or_a_schema_error()
    {
        File.WriteAllText(repo.File("base.ipynb"), Notebook("var q = 0.5;"));
        File.WriteAllText(repo.File("local.ipynb"), Notebook("var q = 0.4;"));
        File.WriteAllText(repo.File("remote.ipynb"), Notebook("var q = 0.6;"));
        Assert.Equal(1, CliRun.ProcessAt(repo.Path, "merge", "base.ipynb", "local.ipynb", "remote.ipynb", "--out", "merged.ipynb").ExitCode);
        Git("add", "base.ipynb", "merged.ipynb");
        var conflicted = RunHook("nbtools-validate");
        Assert.False(conflicted.Passed);
        Assert.Contains("merged.ipynb: valid (nbformat 4.5) but with unresolved merge conflicts", conflicted.Output);
        Assert.Contains("base.ipynb: valid", conflicted.Output); // both staged notebooks were passed

        File.WriteAllText(repo.File("merged.ipynb"), Notebook("var q = 0.4;"));
        Git("add", "merged.ipynb");
        Assert.True(RunHook("nbtools-validate").Passed);

        File.WriteAllText(repo.File("merged.ipynb"), Notebook("var q = 0.4;").Replace("\"cell_type\": \"code\"", "\"cell_type\": \"kode\"", StringComparison.Ordinal));
        Git("add", "merged.ipynb");
        Assert.False(RunHook("nbtools-validate").Passed);
    }

    [Fact]
    public void Extract_check_fails_when_a_staged_notebook_changed_after_extraction_and_passes_once_extracted_again()
    {
        File.WriteAllText(repo.File("prices.ipynb"), Notebook("static double Mean(double[] xs) => xs.Average();"));
        string[] args = ["prices.ipynb", "--out", "src/Prices"];
        Assert.Equal(0, CliRun.ProcessAt(repo.Path, ["extract", .. args, "--quiet"]).ExitCode);
        Git("add", ".");
        Assert.True(RunHook("nbtools-extract-check", args).Passed);
        Git("commit", "-q", "-m", "extract");

        File.WriteAllText(repo.File("prices.ipynb"), Notebook("static double Mean(double[] xs) => xs.Sum() / xs.Length;"));
        Git("add", "prices.ipynb");
        var stale = RunHook("nbtools-extract-check", args);
        Assert.False(stale.Passed);
        Assert.Contains("stale", stale.Output);

        Assert.Equal(0, CliRun.ProcessAt(repo.Path, ["extract", .. args, "--quiet"]).ExitCode);
        Git("add", ".");
        Assert.True(RunHook("nbtools-extract-check", args).Passed);

        Git("commit", "-q", "-m", "extract again");
        File.WriteAllText(repo.File("README.md"), "# notebooks, edited\n");
        Git("add", "README.md");
        var skipped = RunHook("nbtools-extract-check", args);
        Assert.True(skipped.Passed);
        Assert.Null(skipped.ExitCode); // no staged file matches: pre-commit skips the hook
    }

    private sealed record Hook(string Id, string Entry, string Language, string? Files, bool PassFilenames, string[] Args);

    private sealed record HookRun(bool Passed, int? ExitCode, string Output);

    /// <summary>Runs a hook as pre-commit does on what is staged; <paramref name="userArgs"/> are the args a user's .pre-commit-config.yaml gives (they replace the hook's own).</summary>
    private HookRun RunHook(string id, string[]? userArgs = null)
    {
        var hook = Hooks()[id];
        Assert.Equal("", GitOutput("diff", "--name-only")); // pre-commit stashes unstaged changes: the work tree is what is staged
        var staged = GitOutput("diff", "--cached", "--name-only", "--no-ext-diff", "--diff-filter=ACMRTUXB", "-z").Split('\0', StringSplitOptions.RemoveEmptyEntries);
        var files = staged.Where(f => hook.Files is null || Regex.IsMatch(f, hook.Files)).ToArray();
        if (files.Length == 0) return new HookRun(true, null, "(no files to check) Skipped");
        var command = hook.Entry.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("nbtools", command[0]);
        string[] arguments = [.. command[1..], .. userArgs ?? hook.Args, .. hook.PassFilenames ? files : []];
        var run = CliRun.ProcessAt(repo.Path, arguments);
        var modified = GitOutput("diff", "--name-only") != "";
        return new HookRun(run.ExitCode == 0 && !modified, run.ExitCode, run.Out + run.Error);
    }

    private static Dictionary<string, Hook> Hooks()
    {
        var folder = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(folder, "NbTools.sln"))) folder = Path.GetDirectoryName(folder) ?? throw new InvalidOperationException("the repository root (NbTools.sln) is not above the test binaries");
        var yaml = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(folder, ".pre-commit-hooks.yaml"))) yaml.Load(reader);
        var hooks = new Dictionary<string, Hook>();
        foreach (var node in ((YamlSequenceNode)yaml.Documents[0].RootNode).Children.Cast<YamlMappingNode>())
        {
            string? Scalar(string key) => node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? ((YamlScalarNode)value).Value : null;
            var args = node.Children.TryGetValue(new YamlScalarNode("args"), out var list) ? ((YamlSequenceNode)list).Children.Select(a => ((YamlScalarNode)a).Value!).ToArray() : [];
            var id = Scalar("id")!;
            hooks[id] = new Hook(id, Scalar("entry")!, Scalar("language")!, Scalar("files"), Scalar("pass_filenames") != "false", args);
        }
        return hooks;
    }

    /// <summary>A C# notebook of one code cell, written the way nbformat writes a new one.</summary>
    private static string Notebook(string source, string outputs = "\"execution_count\": null,\n   \"outputs\": [],") =>
        "{\n \"cells\": [\n  {\n   \"cell_type\": \"code\",\n   " + outputs + "\n   \"id\": \"a1b2c3d4\",\n   \"metadata\": {},\n   \"source\": [\n    " +
        System.Text.Json.JsonSerializer.Serialize(source) + "\n   ]\n  }\n ],\n \"metadata\": {\n  \"kernelspec\": {\"display_name\": \".NET (C#)\", \"language\": \"C#\", \"name\": \".net-csharp\"},\n" +
        "  \"language_info\": {\"name\": \"polyglot-notebook\"}\n },\n \"nbformat\": 4,\n \"nbformat_minor\": 5\n}\n";

    private void Git(params string[] args) => TestGit.Run(repo.Path, args);

    private string GitOutput(params string[] args) => TestGit.Run(repo.Path, args);
}
