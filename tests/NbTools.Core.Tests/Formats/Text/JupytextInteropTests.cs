using System.Text;
using NbTools.Core.Formats;
using NbTools.Core.Model;

namespace NbTools.Core.Tests.Formats.Text;

/// <summary>
/// Interoperability with jupytext, checked against jupytext's own files in
/// ../shared/interop/jupytext-samples (inputs, what jupytext wrote, and what it read back).
/// </summary>
public sealed class JupytextInteropTests
{
    private static string Samples => Path.Combine(Corpus.SharedFolder, "interop", "jupytext-samples");

    private static Notebook Input(string name) => Notebooks.Read(Path.Combine(Samples, "inputs", name + ".ipynb"));

    [Fact]
    public void Reading_jupytexts_cs_gives_the_cells_jupytext_itself_reads()
    {
        // jupytext wrote cs_edge_cases.cs and read it back into cs_edge_cases.from_cs.ipynb: NbTools
        // must read the same cells from that text (same boundaries, magics, language cells).
        var ours = Notebooks.Read(Path.Combine(Samples, "outputs", "cs_edge_cases.cs"));
        var theirs = Notebooks.Read(Path.Combine(Samples, "outputs", "cs_edge_cases.from_cs.ipynb"));
        Assert.Equal(Describe(theirs), Describe(ours));
    }

    public static TheoryData<string, string> ExactSamples() => new()
    {
        // jupytext round-trips these exactly (README: rc=0), so its text must read back to the input.
        { "py_metadata_and_long_cells", "pct.py" },
        { "py_R_magic", "pct.py" },
        { "cs_jupytext_csharp", "cs" },
        { "py_metadata_and_long_cells", "md" },
        { "py_R_magic", "md" },
        { "cs_jupytext_csharp", "md" },
        { "cs_edge_cases", "md" },
        { "py_metadata_and_long_cells", "myst.md" },
        { "py_R_magic", "myst.md" },
        { "cs_jupytext_csharp", "myst.md" },
    };

    [Theory]
    [MemberData(nameof(ExactSamples))]
    public void Reading_jupytexts_text_gives_back_the_input_cells(string sample, string extension)
    {
        var input = Input(sample);
        var text = Path.Combine(Samples, "outputs", $"{sample}.{extension}");
        var format = extension == "pct.py" ? NotebookFormats.ByName("py")! : NotebookFormats.ByPath(text)!;
        var read = format.Read(File.ReadAllBytes(text), text);
        var expected = Describe(input);
        var actual = Describe(read);
        if (sample == "cs_edge_cases")
        {
            // jupytext writes an empty markdown cell as the blank lines between two code cells, which
            // its reader takes back as a markdown cell of one line break; it also drops the
            // '#!csharp' line of a C# cell. The other cells must agree.
            expected = expected.Select(c => c == "markdown:" ? "markdown:\n" : c.Replace("code:#!csharp\n", "code:")).ToList();
        }
        Assert.Equal(expected, actual);
    }

    public static TheoryData<string, string> WriterSamples() => new()
    {
        { "cs_jupytext_csharp", "cs" },
        { "py_metadata_and_long_cells", "pct.py" },
        { "py_R_magic", "pct.py" },
        { "cs_jupytext_csharp", "md" },
        { "py_R_magic", "md" },
        { "py_metadata_and_long_cells", "md" },
        { "cs_jupytext_csharp", "myst.md" },
        { "py_R_magic", "myst.md" },
    };

    [Theory]
    [MemberData(nameof(WriterSamples))]
    public void NbTools_writes_the_cells_as_jupytext_does(string sample, string extension)
    {
        // Below the header, NbTools' text is jupytext's text: jupytext reads it as its own file.
        var input = Input(sample);
        var format = extension switch
        {
            "pct.py" => NotebookFormats.ByName("py")!,
            "myst.md" => NotebookFormats.ByName("md:myst")!,
            _ => NotebookFormats.ByName(extension)!,
        };
        var ours = Encoding.UTF8.GetString(Notebooks.ToBytes(input, format.Name));
        var theirs = File.ReadAllText(Path.Combine(Samples, "outputs", $"{sample}.{extension}"));
        Assert.Equal(AfterHeader(theirs), AfterHeader(ours));
    }

    [Fact]
    public void Reading_jupytexts_polyglot_text_loses_only_what_jupytext_lost()
    {
        // jupytext's own round trip of these notebooks drops '#!csharp' first lines and the single
        // trailing newline of code cells (samples README); reading its text, NbTools gets exactly
        // the input minus those.
        foreach (var sample in new[] { "cs_polyglot_variable_sharing", "cs_polyglot_formatting_outputs" })
        {
            var input = Input(sample);
            var read = Notebooks.Read(Path.Combine(Samples, "outputs", sample + ".cs"));
            var expected = input.Cells.Select(c => c.CellType + ":" + JupytextLoss(c)).ToList();
            Assert.Equal(expected, Describe(read));
        }
    }

    [Fact]
    public void NbTools_text_of_the_polyglot_samples_keeps_what_jupytext_loses()
    {
        foreach (var sample in new[] { "cs_polyglot_variable_sharing", "cs_polyglot_formatting_outputs", "cs_edge_cases" })
        {
            var input = Input(sample);
            var back = Notebooks.Read(Notebooks.ToBytes(input, "cs"), sample + ".cs");
            Assert.Equal(Describe(input), Describe(back));
        }
    }

    private static string JupytextLoss(Cell cell)
    {
        var source = cell.Source;
        if (!cell.IsCode) return source;
        var firstBreak = source.IndexOf('\n');
        if (firstBreak > 0 && source[..firstBreak].Trim() == "#!csharp") source = source[(firstBreak + 1)..];
        if (source.EndsWith('\n') && !source.EndsWith("\n\n", StringComparison.Ordinal)) source = source[..^1];
        return source;
    }

    private static List<string> Describe(Notebook notebook) => notebook.Cells.Select(c => c.CellType + ":" + c.Source).ToList();

    private static string AfterHeader(string text)
    {
        var lines = text.Split('\n').ToList();
        var first = lines.FindIndex(l => l.TrimStart('/', '#', ' ').StartsWith("---", StringComparison.Ordinal));
        var second = lines.FindIndex(first + 1, l => l.TrimStart('/', '#', ' ').StartsWith("---", StringComparison.Ordinal));
        return string.Join("\n", lines.Skip(second + 1));
    }
}
