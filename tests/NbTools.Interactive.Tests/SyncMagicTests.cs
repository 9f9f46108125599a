using System.Text;
using NbTools.Core.Pairing;

namespace NbTools.Interactive.Tests;

/// <summary>#!sync on a real corpus notebook paired with a C# percent script.</summary>
public sealed class SyncMagicTests
{
    private const string Notebook = "csharp-notebooks__14-Methods and Members.ipynb";

    private static (string Notebook, string Script) Pair(TempFolder folder)
    {
        var notebook = folder.File("bank.ipynb");
        File.Copy(Corpus.PathOf(Notebook), notebook);
        NotebookPairing.Pair(notebook, ["cs"]);
        var script = folder.File("bank.cs");
        Assert.True(File.Exists(script));
        return (notebook, script);
    }

    private static void EditScript(string script)
    {
        var text = File.ReadAllText(script, Encoding.UTF8);
        var at = text.IndexOf("new BankAccount(\"Kendra\", 1000)", StringComparison.Ordinal);
        Assert.True(at >= 0);
        File.WriteAllText(script, text[..at] + "new BankAccount(\"Kendra\", 2500)" + text[(at + "new BankAccount(\"Kendra\", 1000)".Length)..], new UTF8Encoding(false));
    }

    [Fact]
    public async Task A_text_edit_reaches_the_notebook_and_the_table_says_what_was_written()
    {
        using var folder = new TempFolder();
        var (notebook, script) = Pair(folder);
        EditScript(script);

        using var kernel = new TestKernel();
        var shown = await kernel.RunAsync($"#!sync \"{script}\"");
        shown.AssertSucceeded();
        Assert.Contains("new BankAccount(\\\"Kendra\\\", 2500)", File.ReadAllText(notebook));
        Assert.Contains(notebook, shown.Text());
        Assert.Contains("<table class=\"nbtools-sync\">", shown.Html());
        Assert.Contains($"<td style=\"text-align:left\">{notebook}</td>", shown.Html());

        var again = await kernel.RunAsync($"#!sync \"{folder.Path}\"");
        again.AssertSucceeded();
        Assert.Contains("up to date", again.Text());
    }

    [Fact]
    public async Task Check_changes_nothing_and_reports_the_pair_out_of_date()
    {
        using var folder = new TempFolder();
        var (notebook, script) = Pair(folder);
        EditScript(script);
        var before = File.ReadAllBytes(notebook);

        using var kernel = new TestKernel();
        var shown = await kernel.RunAsync($"#!sync \"{notebook}\" --check");
        shown.AssertSucceeded();
        Assert.Contains("out of date", shown.Text());
        Assert.Equal(before, File.ReadAllBytes(notebook));
    }

    [Fact]
    public async Task Bad_arguments_fail_with_one_line()
    {
        using var folder = new TempFolder();
        using var kernel = new TestKernel();
        var missing = (await kernel.RunAsync($"#!sync \"{folder.File("nope.ipynb")}\"")).AssertFailed();
        Assert.Equal($"nbtools: error: #!sync: {folder.File("nope.ipynb")}: no such file or folder", missing.Message);
        var prefer = (await kernel.RunAsync($"#!sync \"{folder.Path}\" --prefer both")).AssertFailed();
        Assert.Equal("nbtools: error: #!sync: --prefer 'both': use text or ipynb", prefer.Message);
    }
}
