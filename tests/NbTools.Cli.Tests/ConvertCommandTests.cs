using System.Security.Cryptography;


namespace NbTools.Cli.Tests;

public sealed class ConvertCommandTests
{
    [Fact]
    public void The_built_program_round_trips_every_nbformat_4_corpus_notebook_byte_for_byte()
    {
        using var temp = new TempFolder();
        var inputs = ((IEnumerable<object[]>)Corpus.NbformatFourNotebooks()).Select(row => Corpus.PathOf((string)row[0])).ToArray();
        Assert.True(inputs.Length >= 40, "the corpus should hold the nbformat 4 notebooks");
        var run = CliRun.Process(["convert", .. inputs, "--to", "ipynb", "-o", temp.Path]);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"converted {inputs.Length} notebooks to ipynb", run.Error);
        foreach (var input in inputs)
        {
            var output = temp.File(Path.GetFileName(input));
            Assert.True(File.ReadAllBytes(input).AsSpan().SequenceEqual(File.ReadAllBytes(output)), $"{Path.GetFileName(input)} changed");
        }
        Assert.Empty(Directory.GetFiles(temp.Path, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void Standard_output_gets_the_exact_bytes()
    {
        var input = Corpus.PathOf("psnotebook__Chapter01code.ipynb"); // UTF-16 with BOM and CRLF
        var run = CliRun.InProcess("convert", input, "--to", "ipynb", "-o", "-");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(File.ReadAllBytes(input), run.StdoutBytes);
    }

    [Fact]
    public void Nbformat_3_is_upgraded_with_a_note_on_stderr()
    {
        using var temp = new TempFolder();
        var output = temp.File("upgraded.ipynb");
        var run = CliRun.InProcess("convert", Corpus.PathOf("ipython__Rich Output.ipynb"), "--to", "ipynb", "-o", output);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("upgraded from nbformat 3.0 to 4.5", run.Error);
        var validate = CliRun.InProcess("validate", output);
        Assert.Equal(0, validate.ExitCode);
        Assert.Contains("valid (nbformat 4.5)", validate.Out);
    }

    [Fact]
    public void Converting_in_place_an_untouched_notebook_does_not_rewrite_it()
    {
        using var temp = new TempFolder();
        var path = temp.File("nb.ipynb");
        File.Copy(Corpus.PathOf("papermill__simple_output.ipynb"), path);
        var stamp = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(path, stamp);
        var run = CliRun.InProcess("convert", path, "--to", "ipynb");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("0 written, 1 already up to date", run.Error);
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(path));
    }

    [Fact]
    public void Recursive_conversion_skips_hidden_folders_and_mirrors_the_tree()
    {
        using var temp = new TempFolder();
        var source = Directory.CreateDirectory(temp.File("src")).FullName;
        Directory.CreateDirectory(Path.Combine(source, "sub"));
        Directory.CreateDirectory(Path.Combine(source, ".ipynb_checkpoints"));
        File.Copy(Corpus.PathOf("papermill__pm_example.ipynb"), Path.Combine(source, "a.ipynb"));
        File.Copy(Corpus.PathOf("irkernel__Demo.ipynb"), Path.Combine(source, "sub", "b.ipynb"));
        File.Copy(Corpus.PathOf("irkernel__Demo.ipynb"), Path.Combine(source, ".ipynb_checkpoints", "b-checkpoint.ipynb"));
        var output = temp.File("out");
        var run = CliRun.InProcess("convert", source, "--recursive", "--to", "ipynb", "-o", output);
        Assert.Equal(0, run.ExitCode);
        Assert.True(File.Exists(Path.Combine(output, "a.ipynb")));
        Assert.True(File.Exists(Path.Combine(output, "sub", "b.ipynb")));
        Assert.False(Directory.Exists(Path.Combine(output, ".ipynb_checkpoints")));
    }
}
