namespace NbTools.Cli.Tests;

/// <summary>nbtools merge and nbtools git textconv: exit codes, strategies, bad input.</summary>
public sealed class MergeCommandTests
{
    private static string Case(string name, string side) => Path.Combine(Corpus.SharedFolder, "nbdime-cases", "merge", name, side + ".ipynb");

    private static string[] Triple(string name) => [Case(name, "base"), Case(name, "local"), Case(name, "remote")];

    [Fact]
    public void Clean_merge_exits_0_and_writes_the_result()
    {
        using var temp = new TempFolder();
        var run = CliRun.InProcess(["merge", .. Triple("multilevel-test"), "--out", temp.File("merged.ipynb")]);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(File.ReadAllBytes(Path.Combine(Corpus.SharedFolder, "nbdime-cases", "merge", "multilevel-test", "upstream-expected-merged.ipynb")), File.ReadAllBytes(temp.File("merged.ipynb")));
    }

    [Fact]
    public void Conflicts_exit_1_and_are_named_on_stderr()
    {
        using var temp = new TempFolder();
        var run = CliRun.InProcess(["merge", .. Triple("mixed-conflicts"), "-o", temp.File("merged.ipynb")]);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("conflict: cell 1: source", run.Error);
        Assert.Contains("<<<<<<< local", File.ReadAllText(temp.File("merged.ipynb")));
    }

    [Theory]
    [InlineData("ours")]
    [InlineData("theirs")]
    [InlineData("base")]
    [InlineData("union")]
    public void A_strategy_other_than_inline_resolves_every_conflict(string strategy)
    {
        var run = CliRun.InProcess(["merge", .. Triple("mixed-conflicts"), "-o", "-", "--strategy", strategy]);
        Assert.Equal(0, run.ExitCode);
        var merged = System.Text.Encoding.UTF8.GetString(run.StdoutBytes);
        Assert.Contains("\"cells\"", merged);
        Assert.DoesNotContain("<<<<<<<", merged);
    }

    [Fact]
    public void Per_part_strategies_override_the_general_one()
    {
        var run = CliRun.InProcess(["merge", .. Triple("mixed-conflicts"), "-o", "-", "--source-strategy", "theirs"]);
        Assert.Equal(1, run.ExitCode); // metadata conflicts remain (inline)
        Assert.DoesNotContain("<<<<<<<", System.Text.Encoding.UTF8.GetString(run.StdoutBytes));
        Assert.DoesNotContain(": source", run.Error);
        Assert.Contains(": metadata", run.Error);
    }

    [Fact]
    public void A_broken_input_exits_2_naming_the_file_and_writes_nothing()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("remote.ipynb"), "{\"cells\": [");
        var run = CliRun.InProcess(["merge", Case("inline-conflict", "base"), Case("inline-conflict", "local"), temp.File("remote.ipynb"), "-o", temp.File("merged.ipynb")]);
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("nbtools: error: " + temp.File("remote.ipynb"), run.Error);
        Assert.Single(run.Error.TrimEnd().Split('\n'));
        Assert.False(File.Exists(temp.File("merged.ipynb")));
    }

    [Fact]
    public void Textconv_prints_the_percent_script_and_passes_other_files_through()
    {
        var run = CliRun.InProcess("git", "textconv", Case("inline-conflict", "local"));
        Assert.Equal(0, run.ExitCode);
        var text = System.Text.Encoding.UTF8.GetString(run.StdoutBytes);
        Assert.Contains("# %%", text);
        Assert.Contains("print(x * y / z)", text);
        Assert.DoesNotContain("\"outputs\"", text);

        using var temp = new TempFolder();
        File.WriteAllText(temp.File("notes.ipynb"), "not a notebook at all\n");
        var plain = CliRun.InProcess("git", "textconv", temp.File("notes.ipynb"));
        Assert.Equal(0, plain.ExitCode);
        Assert.Equal("not a notebook at all\n", System.Text.Encoding.UTF8.GetString(plain.StdoutBytes));

        // git hands textconv an empty file or /dev/null for a side that does not exist.
        File.WriteAllBytes(temp.File("empty.ipynb"), []);
        foreach (var nothing in new[] { temp.File("empty.ipynb"), "/dev/null" })
        {
            var none = CliRun.InProcess("git", "textconv", nothing);
            Assert.Equal(0, none.ExitCode);
            Assert.Empty(none.StdoutBytes);
        }
    }
}
