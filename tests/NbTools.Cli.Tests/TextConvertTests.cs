using System.Text;

namespace NbTools.Cli.Tests;

/// <summary>nbtools convert to and from the text formats, through the built program.</summary>
public sealed class TextConvertTests
{
    [Theory]
    [InlineData("csharp-notebooks__13-Objects and Classes.ipynb", "script", ".cs")]
    [InlineData("papermill__pm_example.ipynb", "script", ".py")]
    [InlineData("dotnet-interactive__Introduction to F#.ipynb", "script", ".fsx")]
    [InlineData("psnotebook__multiplePSLines.ipynb", "script", ".ps1")]
    [InlineData("irkernel__Demo.ipynb", "script", ".R")]
    [InlineData("julia-tutorials__01_constructors.ipynb", "script", ".jl")]
    [InlineData("dotnet-interactive__Variable sharing.ipynb", "md", ".md")]
    [InlineData("dotnet-interactive__Variable sharing.ipynb", "dib", ".dib")]
    public void Convert_to_text_and_back_keeps_every_cell(string name, string format, string extension)
    {
        using var temp = new TempFolder();
        var input = temp.File("nb.ipynb");
        File.Copy(Corpus.PathOf(name), input);
        var toText = CliRun.Process("convert", input, "--to", format);
        Assert.Equal(0, toText.ExitCode);
        var text = temp.File("nb" + extension);
        Assert.True(File.Exists(text), $"expected {text}: {toText.Error}");

        var back = temp.File("back.ipynb");
        var toIpynb = CliRun.Process("convert", text, "--to", "ipynb", "-o", back);
        Assert.Equal(0, toIpynb.ExitCode);
        var original = Core.Notebooks.Read(input);
        var roundTripped = Core.Notebooks.Read(back);
        Assert.Equal(original.Cells.Select(c => (c.CellType, c.Source)), roundTripped.Cells.Select(c => (c.CellType, c.Source)));
        Assert.Equal(0, CliRun.InProcess("validate", back).ExitCode);

        // The text is a fixed point: converting the new notebook again gives the same bytes.
        var again = temp.File("again" + extension);
        Assert.Equal(0, CliRun.InProcess("convert", back, "--to", format, "-o", again).ExitCode);
        Assert.Equal(File.ReadAllBytes(text), File.ReadAllBytes(again));
    }

    [Fact]
    public void Text_to_ipynb_is_deterministic()
    {
        using var temp = new TempFolder();
        var text = temp.File("nb.cs");
        File.WriteAllText(text, "// %% [markdown]\n// # Title\n\n// %%\nvar x = 1;\n");
        CliRun.InProcess("convert", text, "--to", "ipynb", "-o", temp.File("a.ipynb"));
        CliRun.InProcess("convert", text, "--to", "ipynb", "-o", temp.File("b.ipynb"));
        Assert.Equal(File.ReadAllBytes(temp.File("a.ipynb")), File.ReadAllBytes(temp.File("b.ipynb")));
        var validate = CliRun.InProcess("validate", temp.File("a.ipynb"));
        Assert.Equal(0, validate.ExitCode);
        Assert.Contains("valid (nbformat 4.5)", validate.Out);
    }

    [Fact]
    public void A_plain_script_or_an_ipynb_with_outputs_is_not_overwritten_without_force()
    {
        using var temp = new TempFolder();
        var notebook = temp.File("analysis.ipynb");
        File.Copy(Corpus.PathOf("csharp-notebooks__13-Objects and Classes.ipynb"), notebook);
        var script = temp.File("analysis.cs");
        File.WriteAllText(script, "class Program { }\n");

        var refused = CliRun.InProcess("convert", notebook, "--to", "cs");
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("is not a notebook text", refused.Error);
        Assert.Equal("class Program { }\n", File.ReadAllText(script));

        Assert.Equal(0, CliRun.InProcess("convert", notebook, "--to", "cs", "--force").ExitCode);
        Assert.Contains("// %%", File.ReadAllText(script));

        var before = File.ReadAllBytes(notebook);
        var overIpynb = CliRun.InProcess("convert", script, "--to", "ipynb");
        Assert.Equal(2, overIpynb.ExitCode);
        Assert.Contains("would drop its outputs", overIpynb.Error);
        Assert.Equal(before, File.ReadAllBytes(notebook));
    }

    [Fact]
    public void Bad_text_input_exits_2_with_the_line()
    {
        using var temp = new TempFolder();
        var text = temp.File("bad.md");
        File.WriteAllText(text, "# Title\n\n<!-- #region -->\nnever closed\n");
        var run = CliRun.InProcess("convert", text, "--to", "ipynb");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"nbtools: error: {text}: the <!-- #region --> region that starts here has no <!-- #endregion --> (line 3)\n", run.Error.Replace("\r\n", "\n"));
        Assert.False(File.Exists(temp.File("bad.ipynb")));
    }

    [Fact]
    public void Metadata_filters_are_configurable()
    {
        using var temp = new TempFolder();
        var notebook = temp.File("nb.ipynb");
        File.Copy(Corpus.PathOf("dotnet-interactive__Formatting-outputs.ipynb"), notebook);
        Assert.Equal(0, CliRun.InProcess("convert", notebook, "--to", "cs", "-o", temp.File("quiet.cs")).ExitCode);
        Assert.DoesNotContain("vscode", File.ReadAllText(temp.File("quiet.cs")));
        Assert.Equal(0, CliRun.InProcess("convert", notebook, "--to", "cs", "-o", temp.File("all.cs"), "--cell-metadata", "all").ExitCode);
        Assert.Contains("vscode={\"languageId\": \"polyglot-notebook\"}", File.ReadAllText(temp.File("all.cs")));
        Assert.Equal(0, CliRun.InProcess("convert", notebook, "--to", "cs", "-o", temp.File("bare.cs"), "--notebook-metadata", "-all,kernelspec").ExitCode);
        var bare = File.ReadAllText(temp.File("bare.cs"));
        Assert.Contains("kernelspec:", bare);
        Assert.DoesNotContain("language_info:", bare);
    }
}
