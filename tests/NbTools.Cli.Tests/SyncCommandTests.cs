namespace NbTools.Cli.Tests;

/// <summary>nbtools pair and sync through the built program: exit codes and messages.</summary>
public sealed class SyncCommandTests
{
    [Fact]
    public void Pair_sync_check_and_conflict_exit_codes()
    {
        using var temp = new TempFolder();
        var notebook = temp.File("nb.ipynb");
        File.Copy(Corpus.PathOf("csharp-notebooks__13-Objects and Classes.ipynb"), notebook);
        var pair = CliRun.Process("pair", notebook, "--with", "script,md");
        Assert.Equal(0, pair.ExitCode);
        Assert.True(File.Exists(temp.File("nb.cs")) && File.Exists(temp.File("nb.md")));
        Assert.Contains("\"formats\": \"ipynb,cs:percent,md\"", File.ReadAllText(notebook));

        Assert.Equal(0, CliRun.InProcess("sync", "--check", temp.Path).ExitCode);
        File.AppendAllText(temp.File("nb.cs"), "\n// %%\nConsole.WriteLine(\"added in the text\");\n");
        var check = CliRun.InProcess("sync", "--check", notebook);
        Assert.Equal(1, check.ExitCode);
        Assert.Contains("out of date: " + temp.File("nb.cs") + " changed", check.Error);

        var sync = CliRun.Process("sync", temp.File("nb.cs"));
        Assert.Equal(0, sync.ExitCode);
        Assert.Contains("updated the notebook from", sync.Out);
        Assert.Contains("added in the text", File.ReadAllText(temp.File("nb.md")));
        Assert.Equal(0, CliRun.InProcess("sync", "--check", notebook).ExitCode);

        // Both sides edited: exit 1, nothing written, the way out named.
        File.AppendAllText(temp.File("nb.cs"), "\n// %%\nvar fromText = 1;\n");
        var model = Core.Notebooks.Read(notebook);
        model.Cells[0].Source += " (edited in Jupyter)";
        Core.Notebooks.Write(model, notebook);
        var files = new[] { notebook, temp.File("nb.cs"), temp.File("nb.md") };
        var before = files.Select(File.ReadAllBytes).ToList();
        var conflict = CliRun.InProcess("sync", notebook);
        Assert.Equal(1, conflict.ExitCode);
        Assert.Contains("--prefer", conflict.Error);
        for (var i = 0; i < files.Length; i++) Assert.Equal(before[i], File.ReadAllBytes(files[i]));
        Assert.Equal(0, CliRun.InProcess("sync", notebook, "--prefer", "ipynb").ExitCode);
        Assert.DoesNotContain("fromText", File.ReadAllText(temp.File("nb.cs")));
    }

    [Fact]
    public void Sync_of_an_unpaired_notebook_and_bad_options_exit_2()
    {
        using var temp = new TempFolder();
        var notebook = temp.File("nb.ipynb");
        File.Copy(Corpus.PathOf("papermill__pm_example.ipynb"), notebook);
        var unpaired = CliRun.InProcess("sync", notebook);
        Assert.Equal(2, unpaired.ExitCode);
        Assert.Contains("not paired with any text", unpaired.Error);
        Assert.Equal(2, CliRun.InProcess("sync", notebook, "--prefer", "both").ExitCode);
        var badFormat = CliRun.InProcess("pair", notebook, "--with", "docx");
        Assert.Equal(2, badFormat.ExitCode);
        Assert.Contains("unknown paired format \"docx\"", badFormat.Error);
    }

    [Fact]
    public void A_pair_with_no_sync_record_whose_text_agrees_passes_the_check()
    {
        using var temp = new TempFolder();
        var notebook = temp.File("nb.ipynb");
        File.Copy(Corpus.PathOf("csharp-notebooks__13-Objects and Classes.ipynb"), notebook);
        Assert.Equal(0, CliRun.InProcess("pair", notebook, "--with", "script").ExitCode);
        // As jupytext (or a hand edit) leaves a pair: formats recorded, no nbtools sync record.
        var model = Core.Notebooks.Read(notebook);
        ((Newtonsoft.Json.Linq.JObject)model.Metadata["nbtools"]!).Remove("sync");
        Core.Notebooks.Write(model, notebook);
        Assert.Null(Core.Notebooks.Read(notebook).Metadata.SelectToken("nbtools.sync"));
        var before = File.ReadAllBytes(notebook);
        var check = CliRun.InProcess("sync", "--check", notebook);
        Assert.Equal(0, check.ExitCode);
        Assert.Contains("no sync recorded yet; the texts agree with the notebook", check.Out);
        Assert.Equal(before, File.ReadAllBytes(notebook));
        File.AppendAllText(temp.File("nb.cs"), "\n// %%\nvar added = 1;\n");
        var stale = CliRun.InProcess("sync", "--check", notebook);
        Assert.Equal(1, stale.ExitCode);
        Assert.Contains("changed", stale.Error);
    }

    [Fact]
    public void A_check_of_folders_that_pair_nothing_passes_and_a_sync_of_them_exits_2()
    {
        using var temp = new TempFolder();
        var notebook = temp.File("nb.ipynb");
        File.Copy(Corpus.PathOf("papermill__pm_example.ipynb"), notebook);
        var before = File.ReadAllBytes(notebook);
        var check = CliRun.InProcess("sync", "--check", temp.Path);
        Assert.Equal(0, check.ExitCode);
        Assert.Contains("no paired notebooks found: nothing to check", check.Out);
        Assert.Equal("", CliRun.InProcess("sync", "--check", "--quiet", temp.Path).Out);
        var sync = CliRun.InProcess("sync", temp.Path);
        Assert.Equal(2, sync.ExitCode);
        Assert.Contains("no paired notebooks found", sync.Error);
        Assert.Equal(2, CliRun.InProcess("sync", "--check", notebook).ExitCode);
        Assert.Equal(before, File.ReadAllBytes(notebook));
        Assert.Equal(["nb.ipynb"], Directory.GetFiles(temp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Re_pairing_with_fewer_formats_names_the_texts_no_longer_paired_and_leaves_them_alone()
    {
        using var temp = new TempFolder();
        var notebook = temp.File("nb.ipynb");
        File.Copy(Corpus.PathOf("csharp-notebooks__13-Objects and Classes.ipynb"), notebook);
        Assert.Equal(0, CliRun.InProcess("pair", notebook, "--with", "script,md").ExitCode);
        var markdown = File.ReadAllBytes(temp.File("nb.md"));

        var repair = CliRun.InProcess("pair", notebook, "--with", "dib,script");
        Assert.Equal(0, repair.ExitCode);
        Assert.Contains(temp.File("nb.md") + ": no longer paired with " + notebook, repair.Error);
        Assert.DoesNotContain("nb.cs: no longer paired", repair.Error);
        Assert.Equal(markdown, File.ReadAllBytes(temp.File("nb.md")));
        Assert.Contains("\"formats\": \"ipynb,dib,cs:percent\"", File.ReadAllText(notebook));

        // The dropped text is no longer synced: an edit to it stays out of the notebook.
        File.AppendAllText(temp.File("nb.md"), "\nadded to the dropped text\n");
        Assert.Equal(0, CliRun.InProcess("sync", notebook).ExitCode);
        Assert.DoesNotContain("added to the dropped text", File.ReadAllText(notebook));

        // Pairing again with the same formats says nothing of the kind.
        Assert.DoesNotContain("no longer paired", CliRun.InProcess("pair", notebook, "--with", "dib,script").Error);
    }
}
