using Newtonsoft.Json.Linq;

namespace NbTools.Cli.Tests;

/// <summary>nbtools diff: exit codes, formats, and git revisions read with the real git.</summary>
public sealed class DiffCommandTests
{
    private static string Case(string name, string side) => Path.Combine(Corpus.SharedFolder, "nbdime-cases", "diff", name, side + ".ipynb");

    [Fact]
    public void Equal_notebooks_exit_0_and_different_ones_exit_1()
    {
        var a = Case("multi_cell_nb--cellchange", "a");
        var b = Case("multi_cell_nb--cellchange", "b");
        var same = CliRun.InProcess("diff", a, a);
        Assert.Equal(0, same.ExitCode);
        Assert.Equal("", same.Out);

        var different = CliRun.Process("diff", a, b, "--color", "never");
        Assert.Equal(1, different.ExitCode);
        Assert.Contains("cell 1 · code · modified", different.Out);
        Assert.Contains("-     r2 = x**2+y**2", different.Out);
        Assert.Contains("+     r2 = x**2 + y**2", different.Out);
        Assert.Contains("cell 3 · markdown · added", different.Out);
        Assert.Contains("metadata.kernelspec.display_name: \"Python 2\" → \"Python 3\"", different.Out);
        Assert.DoesNotContain("\u001b[", different.Out);

        var colored = CliRun.InProcess("diff", a, b, "--color", "always");
        Assert.Contains("\u001b[", colored.Out);
    }

    [Fact]
    public void Json_diff_is_nbdimes_format_and_html_is_one_page()
    {
        using var temp = new TempFolder();
        var a = Case("single_cell--changed_source", "a");
        var b = Case("single_cell--changed_source", "b");
        var json = CliRun.InProcess("diff", a, b, "--format", "json");
        Assert.Equal(1, json.ExitCode);
        var ops = JArray.Parse(json.Out);
        Assert.Equal("patch", (string?)ops[0]["op"]);
        Assert.Equal("cells", (string?)ops[0]["key"]);

        var html = temp.File("diff.html");
        Assert.Equal(1, CliRun.InProcess("diff", a, b, "--format", "html", "--out", html).ExitCode);
        var page = File.ReadAllText(html);
        Assert.StartsWith("<!DOCTYPE html>", page);
        Assert.Contains("Content-Security-Policy", page);
        Assert.DoesNotContain("<script", page);
    }

    [Fact]
    public void Part_selection_changes_what_counts_as_different()
    {
        var a = Case("single_cell--changed_output", "a");
        var b = Case("single_cell--changed_output", "b");
        Assert.Equal(1, CliRun.InProcess("diff", a, b).ExitCode);
        Assert.Equal(0, CliRun.InProcess("diff", a, b, "-s").ExitCode);
        Assert.Equal(0, CliRun.InProcess("diff", a, b, "--ignore-outputs").ExitCode);
        var ec = (Case("single_cell--changed_ec", "a"), Case("single_cell--changed_ec", "b"));
        Assert.Equal(0, CliRun.InProcess("diff", ec.Item1, ec.Item2).ExitCode); // execution counts are left out by default
        Assert.Equal(1, CliRun.InProcess("diff", ec.Item1, ec.Item2, "--execution-counts").ExitCode);
    }

    [Fact]
    public void Git_revisions_are_read_with_git()
    {
        using var temp = new TempFolder();
        var repo = temp.File("repo with spaces");
        Directory.CreateDirectory(repo);
        Git(repo, "init", "-q");
        Git(repo, "config", "user.email", "test@example.com");
        Git(repo, "config", "user.name", "Test");
        var notebook = Path.Combine(repo, "nb.ipynb");
        File.Copy(Case("multi_cell_nb--cellchange", "a"), notebook);
        Git(repo, "add", "nb.ipynb");
        Git(repo, "commit", "-q", "-m", "first");
        File.Copy(Case("multi_cell_nb--cellchange", "b"), notebook, overwrite: true);

        var working = CliRun.ProcessAt(repo, "diff", "--color", "never", "--", "nb.ipynb");
        Assert.Equal(1, working.ExitCode);
        Assert.Contains("--- HEAD:nb.ipynb", working.Out);
        Assert.Contains("cell 3 · markdown · added", working.Out);

        Git(repo, "commit", "-q", "-am", "second");
        var revisions = CliRun.ProcessAt(repo, "diff", "HEAD~1", "HEAD", "--color", "never", "--", "nb.ipynb");
        Assert.Equal(1, revisions.ExitCode);
        Assert.Contains("+++ HEAD:nb.ipynb", revisions.Out);
        Assert.Equal(0, CliRun.ProcessAt(repo, "diff", "--", "nb.ipynb").ExitCode);
        var bad = CliRun.ProcessAt(repo, "diff", "no-such-rev", "--", "nb.ipynb");
        Assert.Equal(2, bad.ExitCode);
        Assert.StartsWith("nbtools: error: git show no-such-rev:nb.ipynb", bad.Error);
    }

    internal static void Git(string folder, params string[] args) => TestGit.Run(folder, args);
}
