namespace NbTools.Cli.Tests;

/// <summary>
/// The fast install's Native AOT nbtools (src/NbTools.Cli.Native, published by tests/run-all.sh into
/// .tools/nbtools) runs the commands that need only NbTools.Core with the full nbtools' own code:
/// same bytes, messages and exit codes, on every corpus notebook and nbdime case. Every other command
/// line runs in the full nbtools beside it (full/), as if typed there; without full/ it says so.
/// </summary>
public sealed class NativeCliTests
{
    private static string Native() => PublishedBuild.Find("nbtools", "NBTOOLS_NATIVE");

    private static void AssertSame(CliRun expected, CliRun actual, string what)
    {
        Assert.True(expected.ExitCode == actual.ExitCode, $"{what}: exit {actual.ExitCode}, the full nbtools {expected.ExitCode}: {actual.Error}");
        // In process, text goes to Out and file content (-o -) to the byte stream; a process has one stdout.
        if (expected.StdoutBytes.Length > 0) Assert.True(expected.StdoutBytes.AsSpan().SequenceEqual(actual.StdoutBytes), $"{what}: standard output differs from the full nbtools'");
        else Assert.Equal(expected.Out, actual.Out);
        Assert.Equal(expected.Error, actual.Error);
    }

    [SkippableFact]
    public void Converts_every_corpus_notebook_to_text_and_back_as_nbtools()
    {
        var native = Native();
        using var temp = new TempFolder();
        foreach (var file in Directory.GetFiles(Corpus.Folder, "*.ipynb").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file);
            foreach (var (format, extension) in new[] { ("auto:percent", "script"), ("md", "md") })
            {
                // Both write the same path, one after the other: their messages name it.
                var text = temp.File($"text.{extension}");
                string[] args = ["convert", file, "--to", format, "-o", text];
                var expected = CliRun.InProcess(args);
                var expectedBytes = File.ReadAllBytes(text);
                File.Delete(text);
                AssertSame(expected, CliRun.Executable(native, args), $"{name} to {format}");
                Assert.True(expectedBytes.AsSpan().SequenceEqual(File.ReadAllBytes(text)), $"{name}: the {format} text differs from nbtools'");

                // Back to a notebook, to standard output (the binary stdout path).
                string[] back = ["convert", text, "--to", "ipynb", "-o", "-"];
                AssertSame(CliRun.InProcess(back), CliRun.Executable(native, back), $"{name} from {format}");
                File.Delete(text);
            }
        }
    }

    [SkippableFact]
    public void Diffs_and_merges_every_nbdime_case_as_nbtools()
    {
        var native = Native();
        foreach (var folder in Directory.GetDirectories(Path.Combine(Corpus.SharedFolder, "nbdime-cases", "merge")).Order(StringComparer.Ordinal))
        {
            if (!File.Exists(Path.Combine(folder, "base.ipynb"))) continue;
            var name = Path.GetFileName(folder);
            var (baseFile, local, remote) = (Path.Combine(folder, "base.ipynb"), Path.Combine(folder, "local.ipynb"), Path.Combine(folder, "remote.ipynb"));
            string[][] formats = [["--color", "never"], ["--format", "json"], ["--format", "html"]];
            foreach (var options in formats)
            {
                string[] args = ["diff", baseFile, local, .. options];
                AssertSame(CliRun.InProcess(args), CliRun.Executable(native, args), $"{name}: {string.Join(' ', options)}");
            }
            using var temp = new TempFolder();
            string[] merge = ["merge", baseFile, local, remote, "-o", temp.File("merged.ipynb")];
            var expected = CliRun.InProcess(merge);
            var expectedBytes = File.ReadAllBytes(temp.File("merged.ipynb"));
            File.Delete(temp.File("merged.ipynb"));
            AssertSame(expected, CliRun.Executable(native, merge), $"{name}: merge");
            Assert.True(expectedBytes.AsSpan().SequenceEqual(File.ReadAllBytes(temp.File("merged.ipynb"))), $"{name}: merged notebook differs from nbtools'");
        }
    }

    [SkippableFact]
    public void Bad_input_exits_2_with_one_line_and_writes_nothing()
    {
        var native = Native();
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("broken.ipynb"), "{\"cells\": [{\"cell_type\": \"code\", \"source\": 12}], \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 5}");
        string[] args = ["convert", temp.File("broken.ipynb"), "--to", "md", "-o", temp.File("broken.md")];
        var actual = CliRun.Executable(native, args);
        AssertSame(CliRun.InProcess(args), actual, "a cell source that is a number");
        Assert.Equal(2, actual.ExitCode);
        Assert.Single(actual.Error.TrimEnd('\n').Split('\n'));
        Assert.Contains("broken.ipynb", actual.Error);
        Assert.False(File.Exists(temp.File("broken.md")));

        var usage = CliRun.Executable(native, ["convert", temp.File("broken.ipynb"), "--to", "no-such-format"]);
        AssertSame(CliRun.InProcess("convert", temp.File("broken.ipynb"), "--to", "no-such-format"), usage, "an unknown format");
    }

    [SkippableFact]
    public void Other_commands_help_and_version_run_in_the_full_nbtools()
    {
        var native = Native();
        var full = Path.Combine(Path.GetDirectoryName(native)!, "full", "nbtools");
        string[][] handedOn = [["--help"], ["--version"], ["runs", "--help"], ["extract", "--help"], [], ["-v", "models", "--help"]];
        foreach (var args in handedOn)
        {
            AssertSame(CliRun.Executable(full, args), CliRun.Executable(native, args), $"nbtools {string.Join(' ', args)}");
        }
        // The full nbtools' own errors and exit codes come through unchanged.
        using var temp = new TempFolder();
        var missing = CliRun.Executable(native, ["extract", temp.File("none.ipynb"), "--out", temp.File("lib")]);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("none.ipynb", missing.Error);
        Assert.False(Directory.Exists(temp.File("lib")));
        // Commands compiled in answer their own help without the full nbtools.
        // (A process, not in process: help names the program it runs in.)
        AssertSame(CliRun.Executable(full, ["convert", "--help"]), CliRun.Executable(native, ["convert", "--help"]), "convert --help");
    }

    [SkippableFact]
    public void Without_the_full_nbtools_a_handed_on_command_says_what_is_missing()
    {
        var native = Native();
        using var temp = new TempFolder();
        var alone = temp.File("nbtools");
        File.Copy(native, alone); // with its mode: still a program
        var run = CliRun.Executable(alone, ["runs", "list"]);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"nbtools: error: 'runs' runs in the full nbtools, which this native build expects at {Path.Combine(temp.Path, "full", "nbtools")}; publish both as docs/install.md shows\n", run.Error.ReplaceLineEndings("\n"));
        // Its own commands still run.
        Assert.Equal(0, CliRun.Executable(alone, ["convert", Corpus.PathOf("ipython__Rich Output.ipynb"), "--to", "md", "-o", temp.File("out.md")]).ExitCode);
        Assert.True(File.Exists(temp.File("out.md")));
    }
}
