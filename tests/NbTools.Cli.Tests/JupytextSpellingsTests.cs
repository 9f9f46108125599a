using System.Text;

namespace NbTools.Cli.Tests;

/// <summary>nbtools convert understands jupytext's command habits, through the built program.</summary>
public sealed class JupytextSpellingsTests
{
    private const string Python = "papermill__simple_output.ipynb"; // python, its last cell has an output

    [Theory]
    [InlineData("py:percent", "py", ".py")]
    [InlineData(".py", "py", ".py")]
    [InlineData("markdown", "md", ".md")]
    [InlineData("md:markdown", "md", ".md")]
    [InlineData("myst", "md:myst", ".md")]
    [InlineData("auto:percent", "script", ".py")]
    [InlineData("auto:light", "script:light", ".py")]
    [InlineData(".py:light", "py:light", ".py")]
    public void Jupytext_spellings_of_a_format_write_what_the_NbTools_name_writes(string spelling, string name, string extension)
    {
        using var temp = new TempFolder();
        var theirs = CliRun.Process("convert", Corpus.PathOf(Python), "--to", spelling, "-o", temp.File("theirs" + extension));
        var ours = CliRun.Process("convert", Corpus.PathOf(Python), "--to", name, "-o", temp.File("ours" + extension));
        Assert.Equal(0, theirs.ExitCode);
        Assert.Equal(0, ours.ExitCode);
        Assert.Equal(File.ReadAllBytes(temp.File("ours" + extension)), File.ReadAllBytes(temp.File("theirs" + extension)));
    }

    [Fact]
    public void To_notebook_writes_an_ipynb_and_the_target_follows_the_output_extension_when_to_is_left_out()
    {
        using var temp = new TempFolder();
        var toMd = CliRun.Process("convert", Corpus.PathOf(Python), "-o", temp.File("nb.md"));
        Assert.Equal(0, toMd.ExitCode);
        Assert.StartsWith("---\njupyter:", File.ReadAllText(temp.File("nb.md")));
        var back = CliRun.Process("convert", temp.File("nb.md"), "--to", "notebook", "-o", temp.File("nb.ipynb"));
        Assert.Equal(0, back.ExitCode);
        var cells = Core.Notebooks.Read(temp.File("nb.ipynb")).Cells.Select(c => c.Source);
        Assert.Equal(Core.Notebooks.Read(Corpus.PathOf(Python)).Cells.Select(c => c.Source), cells);

        var neither = CliRun.Process("convert", Corpus.PathOf(Python));
        Assert.Equal(2, neither.ExitCode);
        Assert.Contains("no target format", neither.Error);
    }

    [Fact]
    public void Other_jupytext_formats_are_refused_with_a_clear_message()
    {
        using var temp = new TempFolder();
        var run = CliRun.Process("convert", Corpus.PathOf(Python), "--to", "py:sphinx", "-o", temp.File("nb.py"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("\"sphinx\" format is not supported", run.Error);
        Assert.False(File.Exists(temp.File("nb.py")));
    }

    [Fact]
    public void A_dash_reads_the_notebook_from_standard_input_and_writes_standard_output()
    {
        var ipynb = File.ReadAllBytes(Corpus.PathOf(Python));
        var expected = CliRun.Process("convert", Corpus.PathOf(Python), "--to", "py", "-o", "-");
        var (code, stdout, _) = WithInput(ipynb, "convert", "-", "--to", "py:percent");
        Assert.Equal(0, code);
        Assert.Equal(expected.StdoutBytes, stdout);

        // A text from standard input: the format from its header, or from --from.
        var (backCode, back, _) = WithInput(stdout, "convert", "-", "--to", "ipynb");
        Assert.Equal(0, backCode);
        var cells = Core.Notebooks.Read(back, "x.ipynb").Cells.Select(c => c.Source);
        Assert.Equal(Core.Notebooks.Read(Corpus.PathOf(Python)).Cells.Select(c => c.Source), cells);
        var plain = Encoding.UTF8.GetBytes("# %%\nx = 1\n\n# %% [markdown]\n# Text\n");
        var (undetected, _, error) = WithInput(plain, "convert", "-", "--to", "ipynb");
        Assert.Equal(2, undetected);
        Assert.Contains("--from", error);
        var (fromCode, fromOut, _) = WithInput(plain, "convert", "-", "--from", "py:percent", "--to", "ipynb");
        Assert.Equal(0, fromCode);
        Assert.Equal(["x = 1", "Text"], Core.Notebooks.Read(fromOut, "x.ipynb").Cells.Select(c => c.Source));
    }

    [Fact]
    public void Update_brings_an_edited_text_into_the_existing_notebook_keeping_outputs()
    {
        using var temp = new TempFolder();
        var notebook = temp.File("nb.ipynb");
        File.Copy(Corpus.PathOf(Python), notebook);
        Assert.Equal(0, CliRun.Process("convert", notebook, "--to", "py").ExitCode);
        var script = temp.File("nb.py");
        File.WriteAllText(script, File.ReadAllText(script).Replace("msg = None", "msg = \"edited\""));
        var before = File.ReadAllBytes(notebook);

        var refused = CliRun.Process("convert", script, "--to", "ipynb");
        Assert.Equal(2, refused.ExitCode);
        Assert.Equal(before, File.ReadAllBytes(notebook));

        var updated = CliRun.Process("convert", script, "--to", "ipynb", "--update");
        Assert.Equal(0, updated.ExitCode);
        var cells = Core.Notebooks.Read(notebook).Cells;
        Assert.Equal("msg = \"edited\"", cells[1].Source);
        Assert.Equal("print(msg)", cells[3].Source);
        Assert.Single(cells[3].Outputs); // the unchanged cell keeps its output
    }

    /// <summary>Runs the built program with <paramref name="input"/> on its standard input.</summary>
    private static (int ExitCode, byte[] Stdout, string Stderr) WithInput(byte[] input, params string[] args)
    {
        var run = CliRun.ProcessWith(args, input: input);
        return (run.ExitCode, run.StdoutBytes, run.Error);
    }
}
