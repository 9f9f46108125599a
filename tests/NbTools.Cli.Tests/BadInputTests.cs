using System.Text;


namespace NbTools.Cli.Tests;

/// <summary>Bad input: one line on stderr naming the file and place, exit 2, nothing written.</summary>
public sealed class BadInputTests
{
    public static TheoryData<string, byte[], string> BadFiles() => new()
    {
        { "empty", [], "the file is empty" },
        { "truncated", Encoding.UTF8.GetBytes("{\n \"cells\": [\n  {\"cell_type\": \"code\""), "the JSON ends before an object or array is closed (truncated file?) (line 3" },
        { "invalid", Encoding.UTF8.GetBytes("{\"cells\": [,]}"), "invalid JSON: " },
        { "cells-not-array", Encoding.UTF8.GetBytes("{\"cells\": {}, \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 4}"), "cells: expected a list of cells, found an object (line 1, position 11)" },
        { "number-for-string", Encoding.UTF8.GetBytes("{\"cells\": [{\"cell_type\": \"markdown\", \"metadata\": {}, \"source\": [\"a\", 7]}], \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 4}"), "cells[0].source[1]: expected a string, found a number (line 1, position 70)" },
        { "nbformat5", Encoding.UTF8.GetBytes("{\"cells\": [], \"metadata\": {}, \"nbformat\": 5, \"nbformat_minor\": 0}"), "nbformat: nbformat 5 is not supported" },
        { "nbformat2", Encoding.UTF8.GetBytes("{\"worksheets\": [], \"metadata\": {}, \"nbformat\": 2, \"nbformat_minor\": 0}"), "nbformat: nbformat 2 is not supported" },
        { "binary", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D], "invalid JSON: '0x89' is an invalid start of a value (line 1, position 1)" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void Bad_file_gives_one_line_exit_2_and_writes_nothing(string name, byte[] content, string expected)
    {
        using var temp = new TempFolder();
        var input = temp.File(name + ".ipynb");
        File.WriteAllBytes(input, content);
        var existing = temp.File("existing.ipynb");
        File.WriteAllText(existing, "keep me");
        var fresh = temp.File("fresh.ipynb");

        foreach (var output in new[] { existing, fresh })
        {
            var run = CliRun.InProcess("convert", input, "--to", "ipynb", "-o", output);
            Assert.Equal(2, run.ExitCode);
            var line = Assert.Single(run.Error.TrimEnd('\n').Split('\n'));
            Assert.StartsWith($"nbtools: error: {input}: ", line);
            Assert.Contains(expected, line);
            Assert.DoesNotContain("   at ", run.Error);
        }
        Assert.Equal("keep me", File.ReadAllText(existing));
        Assert.False(File.Exists(fresh));
        Assert.Equal(content, File.ReadAllBytes(input));
        Assert.Equal(2, Directory.GetFiles(temp.Path).Length); // the input and the untouched file: no temp files left
    }

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void Strip_and_the_merge_driver_refuse_a_bad_file_and_change_nothing(string name, byte[] content, string expected)
    {
        using var temp = new TempFolder();
        var bad = temp.File(name + ".ipynb");
        File.WriteAllBytes(bad, content);
        var good = temp.File("good.ipynb");
        File.Copy(Corpus.PathOf("papermill__simple_output.ipynb"), good);
        var goodBytes = File.ReadAllBytes(good);

        var strip = CliRun.InProcess("strip", good, bad); // the good file comes first and has outputs to strip
        Assert.Equal(2, strip.ExitCode);
        Assert.StartsWith($"nbtools: error: {bad}: ", Assert.Single(strip.Error.TrimEnd('\n').Split('\n')));
        Assert.Contains(expected, strip.Error);
        Assert.Equal(goodBytes, File.ReadAllBytes(good));
        Assert.Equal(content, File.ReadAllBytes(bad));

        var driver = CliRun.InProcess("git", "merge-driver", good, good, bad, "7", "nb.ipynb"); // %A is the good file
        Assert.Equal(2, driver.ExitCode);
        Assert.Contains(expected, driver.Error);
        Assert.Equal(goodBytes, File.ReadAllBytes(good));
        Assert.Equal(2, Directory.GetFiles(temp.Path).Length); // no temp files left
    }

    [Fact]
    public void One_bad_input_among_good_ones_writes_nothing()
    {
        using var temp = new TempFolder();
        var bad = temp.File("bad.ipynb");
        File.WriteAllText(bad, "{");
        var output = temp.File("out");
        var run = CliRun.InProcess("convert", Corpus.PathOf("papermill__pm_example.ipynb"), bad, "--to", "ipynb", "-o", output);
        Assert.Equal(2, run.ExitCode);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void Folder_missing_file_unknown_format_and_usage_errors_exit_2()
    {
        using var temp = new TempFolder();
        Assert.Equal(2, CliRun.InProcess("convert", temp.Path, "--to", "ipynb").ExitCode);
        var missing = CliRun.InProcess("convert", temp.File("nope.ipynb"), "--to", "ipynb");
        Assert.Equal(2, missing.ExitCode);
        Assert.Equal($"nbtools: error: {temp.File("nope.ipynb")}: no such file\n", missing.Error.Replace("\r\n", "\n"));
        var unknown = CliRun.InProcess("convert", Corpus.PathOf("papermill__pm_example.ipynb"), "--to", "docx");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("unknown format \"docx\"", unknown.Error);
        var usage = CliRun.InProcess("convert", Corpus.PathOf("papermill__pm_example.ipynb"));
        Assert.Equal(2, usage.ExitCode);
        Assert.Contains("nbtools: error: no target format: give --to FORMAT, or -o with a file name", usage.Error);
        Assert.Equal(2, CliRun.InProcess("frobnicate").ExitCode);
    }
}
