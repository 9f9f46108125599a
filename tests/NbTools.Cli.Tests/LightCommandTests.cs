using System.Text;

namespace NbTools.Cli.Tests;

/// <summary>jupytext's light scripts through the built program: convert, pair and sync.</summary>
public sealed class LightCommandTests
{
    private const string Python = "papermill__simple_output.ipynb"; // python, its last cell has an output
    private const string CSharp = "csharp-notebooks__13-Objects and Classes.ipynb";

    [Theory]
    [InlineData(Python, "py:light", ".py", "# + tags=[\"parameters\"]\nmsg = None\n")]
    [InlineData(CSharp, "cs:light", ".cs", "format_name: light")]
    [InlineData(CSharp, "script:light", ".cs", "format_name: light")]
    public void Convert_to_light_and_back_keeps_every_cell(string name, string format, string extension, string expected)
    {
        using var temp = new TempFolder();
        var script = temp.File("nb" + extension);
        var run = CliRun.Process("convert", Corpus.PathOf(name), "--to", format, "-o", script);
        Assert.Equal(0, run.ExitCode);
        var text = File.ReadAllText(script);
        Assert.Contains(expected, text);
        Assert.DoesNotContain("%%", text.Split('\n').Where(l => l.StartsWith("// %%") || l.StartsWith("# %%")));
        var back = CliRun.Process("convert", script, "--to", "ipynb", "-o", temp.File("back.ipynb"));
        Assert.Equal(0, back.ExitCode);
        var original = Core.Notebooks.Read(Corpus.PathOf(name)).Cells.Select(c => c.CellType + ":" + c.Source);
        Assert.Equal(original, Core.Notebooks.Read(temp.File("back.ipynb")).Cells.Select(c => c.CellType + ":" + c.Source));
    }

    [Fact]
    public void A_percent_script_can_be_rewritten_as_light_in_place_and_back()
    {
        using var temp = new TempFolder();
        var script = temp.File("nb.py");
        Assert.Equal(0, CliRun.Process("convert", Corpus.PathOf(Python), "--to", "py", "-o", script).ExitCode);
        var percent = File.ReadAllBytes(script);
        Assert.Equal(0, CliRun.Process("convert", script, "--to", "py:light", "-o", script).ExitCode);
        Assert.Contains("format_name: light", File.ReadAllText(script));
        Assert.Equal(0, CliRun.Process("convert", script, "--to", "py", "-o", script).ExitCode);
        Assert.Equal(percent, File.ReadAllBytes(script));
    }

    [Fact]
    public void A_plain_python_script_converts_as_jupytext_reads_it()
    {
        using var temp = new TempFolder();
        var script = temp.File("plain.py");
        File.WriteAllText(script, "import os\n\n# Some notes\n# on two lines\n\ndef f(x):\n    return x\n\n\nprint(f(1))\n");
        var run = CliRun.Process("convert", script, "--to", "ipynb");
        Assert.Equal(0, run.ExitCode);
        var cells = Core.Notebooks.Read(temp.File("plain.ipynb")).Cells.Select(c => c.CellType + ":" + c.Source);
        Assert.Equal(["code:import os", "markdown:Some notes\non two lines", "code:def f(x):\n    return x", "code:print(f(1))"], cells);
    }

    [Fact]
    public void Pairing_with_py_light_writes_syncs_and_checks_the_light_script()
    {
        using var temp = new TempFolder();
        var notebook = temp.File("nb.ipynb");
        File.Copy(Corpus.PathOf(Python), notebook);
        var pair = CliRun.Process("pair", notebook, "--with", "py:light");
        Assert.Equal(0, pair.ExitCode);
        Assert.Contains("\"formats\": \"ipynb,py:light\"", File.ReadAllText(notebook));
        var script = temp.File("nb.py");
        Assert.Contains("format_name: light", File.ReadAllText(script));
        Assert.Equal(0, CliRun.Process("sync", "--check", notebook).ExitCode);

        // The last cell is a "# +" region that runs to the end of the file: close it, then add a paragraph.
        var edited = File.ReadAllText(script).Replace("msg = None", "msg = \"from the script\"") + "# -\n\n# A new markdown cell\n";
        File.WriteAllText(script, edited);
        Assert.Equal(1, CliRun.Process("sync", "--check", notebook).ExitCode);
        var sync = CliRun.Process("sync", script);
        Assert.Equal(0, sync.ExitCode);
        var cells = Core.Notebooks.Read(notebook).Cells;
        Assert.Equal("msg = \"from the script\"", cells[1].Source);
        Assert.Equal("print(msg)", cells[3].Source);
        Assert.Single(cells[3].Outputs); // unchanged: its output stays
        Assert.Equal("A new markdown cell", cells[4].Source);
        Assert.Equal(0, CliRun.Process("sync", "--check", notebook).ExitCode);
    }

    [Fact]
    public void A_jupytext_toml_pairing_with_light_is_followed()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("jupytext.toml"), "formats = \"ipynb,py:light\"\n");
        var notebook = temp.File("nb.ipynb");
        File.Copy(Corpus.PathOf(Python), notebook);
        var sync = CliRun.Process("sync", notebook);
        Assert.Equal(0, sync.ExitCode);
        Assert.Contains("format_name: light", File.ReadAllText(temp.File("nb.py")));
        var text = Encoding.UTF8.GetString(File.ReadAllBytes(temp.File("nb.py")));
        Assert.DoesNotContain("# %%", text);
    }
}
