using System.Text;

namespace NbTools.Interactive.Tests;

/// <summary>#!nbdiff on a real corpus notebook in a temporary git repository (real git).</summary>
public sealed class NbDiffMagicTests
{
    private const string Notebook = "csharp-notebooks__14-Methods and Members.ipynb";

    private static void Replace(string path, string from, string to)
    {
        var text = File.ReadAllText(path, Encoding.UTF8);
        var at = text.IndexOf(from, StringComparison.Ordinal);
        Assert.True(at >= 0, $"{from} is not in {path}");
        File.WriteAllText(path, text[..at] + to + text[(at + from.Length)..], new UTF8Encoding(false));
    }

    [Fact]
    public async Task The_diff_against_head_shows_the_edited_cell_in_a_sandboxed_page()
    {
        using var repo = new TempFolder();
        TestGit.Init(repo.Path);
        var path = repo.File("methods and members.ipynb");
        File.Copy(Corpus.PathOf(Notebook), path);
        TestGit.CommitAll(repo.Path, "notebook");
        Replace(path, "new BankAccount(\\\"Kendra\\\", 1000)", "new BankAccount(\\\"Kendra\\\", 2500)");

        using var kernel = new TestKernel();
        var shown = await kernel.RunAsync($"#!nbdiff \"{path}\"");
        shown.AssertSucceeded();
        var page = Sandbox.Page(shown.Html());
        Assert.Contains("2500", page);
        Assert.Contains("1000", page);
        Assert.Contains($"HEAD:{path}", page);
        Assert.DoesNotContain("<script", page);
        var text = shown.Text();
        Assert.Contains("cell 3 · code · modified\n- var account = new BankAccount(\"Kendra\", 1000);\n+ var account = new BankAccount(\"Kendra\", 2500);\n", text);
    }

    [Fact]
    public async Task An_unchanged_notebook_says_so_and_rev_picks_an_older_commit()
    {
        using var repo = new TempFolder();
        TestGit.Init(repo.Path);
        var path = repo.File("nb.ipynb");
        File.Copy(Corpus.PathOf(Notebook), path);
        TestGit.CommitAll(repo.Path, "first");
        Replace(path, "## #1: Account Number", "## #1: The account number");
        TestGit.CommitAll(repo.Path, "second");

        using var kernel = new TestKernel();
        var same = await kernel.RunAsync($"#!nbdiff \"{path}\"");
        same.AssertSucceeded();
        Assert.Equal($"{path}: no changes since HEAD\n", same.Text());

        var older = await kernel.RunAsync($"#!nbdiff \"{path}\" --rev HEAD~1");
        older.AssertSucceeded();
        Assert.Contains("The account number", Sandbox.Page(older.Html()));
        Assert.Contains("markdown", older.Text());
    }

    [Fact]
    public async Task A_notebook_new_since_the_revision_shows_every_cell_as_added()
    {
        using var repo = new TempFolder();
        TestGit.Init(repo.Path);
        File.WriteAllText(repo.File("README.md"), "x\n");
        TestGit.CommitAll(repo.Path, "first");
        var path = repo.File("new.ipynb");
        File.Copy(Corpus.PathOf(Notebook), path);

        using var kernel = new TestKernel();
        var shown = await kernel.RunAsync($"#!nbdiff \"{path}\"");
        shown.AssertSucceeded();
        Assert.Contains("added", shown.Text());
        Assert.Contains("BankAccount", Sandbox.Page(shown.Html()));
    }

    [Fact]
    public async Task Errors_are_one_line()
    {
        using var folder = new TempFolder();
        var path = folder.File("nb.ipynb");
        File.Copy(Corpus.PathOf(Notebook), path);
        using var kernel = new TestKernel();

        var missing = (await kernel.RunAsync($"#!nbdiff \"{folder.File("missing.ipynb")}\"")).AssertFailed();
        Assert.Equal($"nbtools: error: #!nbdiff: {folder.File("missing.ipynb")}: no such notebook", missing.Message);

        var notGit = (await kernel.RunAsync($"#!nbdiff \"{path}\"")).AssertFailed();
        Assert.StartsWith("nbtools: error: #!nbdiff: git show HEAD:nb.ipynb: fatal: not a git repository", notGit.Message);
        Assert.DoesNotContain("\n", notGit.Message);
        Assert.Null(notGit.Exception);
    }
}
