using NbTools.Core;
using NbTools.Extraction.Tests.Support;

namespace NbTools.Extraction.Tests;

/// <summary>Extraction without building: report, determinism, --check, and refusals of bad input.</summary>
public sealed class ExtractorTests
{
    private static readonly string[] CorpusNotebooks =
    [
        "csharp-notebooks__13-Objects and Classes.ipynb",
        "csharp-notebooks__14-Methods and Members.ipynb",
        "csharp-notebooks__01-Alien-Translator.ipynb",
    ];

    [Fact]
    public void Report_lists_cells_taken_skipped_and_rewritten_with_reasons()
    {
        using var temp = new TempFolder();
        var result = NotebookExtractor.Extract(new ExtractRequest([Fixtures.PathOf("training.ipynb")], temp.File("out")) { Tests = true });
        var lines = result.Report.Select(n => n.ToString()).ToList();
        Assert.Contains(lines, l => l.Contains("cell 9: skipped: fsharp kernel", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("cell 8: skipped: marked hide", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("cell 2, line 1: rewritten: #r \"nuget: Newtonsoft.Json, 13.0.4\" -> PackageReference Newtonsoft.Json 13.0.4", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("cell 6, line 1: rewritten: kernel magic removed: #!time", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("cell 3: taken: parameters cell", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("cell 7: taken: test cell", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("cell 10, line 1: rewritten: displayed value", StringComparison.Ordinal));
        var source = File.ReadAllText(temp.File("out/Training.cs"));
        Assert.DoesNotContain("scratch work", source);   // the hidden cell
        Assert.DoesNotContain("square", source);         // the F# cell
        Assert.Contains("public int epochs { get; init; } =", source);
        Assert.Contains("training.ipynb [cell 5]\"", source);
        var project = File.ReadAllText(temp.File("out/Out.csproj"));
        Assert.Contains("<PackageReference Include=\"Newtonsoft.Json\" Version=\"13.0.4\" />", project);
        Assert.Contains("<PackageReference Include=\"NbTools.Tracking\"", project);
        Assert.True(File.Exists(temp.File("out/packages/NbTools.Tracking.0.1.0.nupkg")));
        Assert.Contains("value=\"packages\"", File.ReadAllText(temp.File("out/nuget.config")));
    }

    [Fact]
    public void Polyglot_cells_of_other_kernels_are_skipped_by_the_kernel_the_notebook_gives_them()
    {
        using var temp = new TempFolder();
        var result = NotebookExtractor.Extract(new ExtractRequest([Corpus.PathOf("dotnet-interactive__roundtrip-approved.dib")], temp.File("out")));
        var skipped = result.Report.Where(n => n.Kind == ExtractNoteKind.Skipped).Select(n => n.Message).ToList();
        foreach (var kernel in new[] { "fsharp", "pwsh", "javascript", "mermaid" }) Assert.Contains($"{kernel} kernel, not C#", skipped);
        Assert.Contains(result.Report, n => n.Kind == ExtractNoteKind.Taken && n.Cell == 2); // the C# cell (a comment only)
    }

    [Fact]
    public void A_dib_without_meta_runs_its_cells_in_csharp_as_polyglot_does()
    {
        using var temp = new TempFolder();
        var result = NotebookExtractor.Extract(new ExtractRequest([Corpus.PathOf("dotnet-interactive__showcaseteacher.dib")], temp.File("out")));
        Assert.Contains(result.Report, n => n.Kind == ExtractNoteKind.Taken);
        Assert.Contains(result.Report, n => n.Message.StartsWith("#r \"nuget: Microsoft.DotNet.Interactive.Journey", StringComparison.Ordinal));
    }

    [Fact]
    public void Redeclared_type_replaces_the_earlier_and_redeclared_variable_is_renamed()
    {
        using var temp = new TempFolder();
        var result = NotebookExtractor.Extract(new ExtractRequest([Corpus.PathOf(CorpusNotebooks[0])], temp.File("out")));
        Assert.Contains(result.Report, n => n.Kind == ExtractNoteKind.Warning && n.Message.StartsWith("type BankAccount declared again", StringComparison.Ordinal));
        var source = File.ReadAllText(temp.File("out/CsharpNotebooks13ObjectsAndClasses.cs"));
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(source, "public class BankAccount"));
        Assert.Contains("MakeWithdrawal", source); // the last declaration (cell 16) is the one kept
        Assert.Contains("var account_17 = ", source);
    }

    [Fact]
    public void Extracting_again_changes_no_byte()
    {
        using var temp = new TempFolder();
        var notebooks = CorpusNotebooks.Select(Corpus.PathOf).Append(Fixtures.PathOf("training.ipynb")).ToList();
        var request = new ExtractRequest(notebooks, temp.File("out")) { Tests = true, Name = "Lib" };
        NotebookExtractor.Extract(request);
        var before = Snapshot(temp.File("out"));
        var again = NotebookExtractor.Extract(request);
        Assert.All(again.Files, f => Assert.Equal(ExtractedFileState.Unchanged, f.State));
        Assert.Equal(before, Snapshot(temp.File("out")));
    }

    [Fact]
    public void Check_is_clean_after_extraction_and_stale_after_a_cell_edit_and_writes_nothing()
    {
        using var temp = new TempFolder();
        var notebook = Fixtures.CopyTo("training.ipynb", temp.Path);
        var output = temp.File("out");
        Assert.Equal(0, CliRun.InProcess("extract", notebook, "--out", output, "--tests", "-q").ExitCode);
        var check = CliRun.InProcess("extract", notebook, "--out", output, "--tests", "--check");
        Assert.Equal(0, check.ExitCode);
        Assert.Contains("up to date", check.Error);
        var before = Snapshot(output);
        Fixtures.EditCell(notebook, 5, "loss {Loss(e):F3}", "loss {Loss(e):F4}");
        var stale = CliRun.InProcess("extract", notebook, "--out", output, "--tests", "--check");
        Assert.Equal(1, stale.ExitCode);
        Assert.Contains("stale: " + Path.Combine(output, "Training.cs"), stale.Error);
        Assert.Equal(before, Snapshot(output));
    }

    [Fact]
    public void A_notebook_with_no_csharp_cells_is_refused_and_nothing_written()
    {
        using var temp = new TempFolder();
        var run = CliRun.InProcess("extract", Corpus.PathOf("papermill__simple_output.ipynb"), "--out", temp.File("out"));
        Assert.Equal(2, run.ExitCode);
        Assert.Single(run.Error.Trim().Split('\n'));
        Assert.Contains("papermill__simple_output.ipynb: no C# code cells", run.Error);
        Assert.False(Directory.Exists(temp.File("out")));
    }

    [Fact]
    public void A_cell_that_does_not_parse_names_its_cell_and_line()
    {
        using var temp = new TempFolder();
        var notebook = Fixtures.CopyTo("training.ipynb", temp.Path);
        Fixtures.EditCell(notebook, 5, "if (fail) throw", "if (fail throw");
        var run = CliRun.InProcess("extract", notebook, "--out", temp.File("out"));
        Assert.Equal(2, run.ExitCode);
        Assert.Matches(@"training\.ipynb: cell 5, line 5, column \d+: C# does not parse", run.Error);
        Assert.False(Directory.Exists(temp.File("out")));
    }

    [Fact]
    public void A_folder_that_is_not_empty_and_not_ours_is_refused_unless_forced()
    {
        using var temp = new TempFolder();
        var output = temp.File("out");
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, "mine.txt"), "user data");
        var refused = CliRun.InProcess("extract", Fixtures.PathOf("training.ipynb"), "--out", output);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("not written by nbtools extract", refused.Error);
        Assert.Single(Directory.GetFileSystemEntries(output));
        var forced = CliRun.InProcess("extract", Fixtures.PathOf("training.ipynb"), "--out", output, "--force", "-q");
        Assert.Equal(0, forced.ExitCode);
        Assert.Equal("user data", File.ReadAllText(Path.Combine(output, "mine.txt")));
        Assert.True(File.Exists(Path.Combine(output, "Training.cs")));
    }

    [Theory]
    [InlineData("--name", "1abc")]
    [InlineData("--name", "../escape")]
    [InlineData("--name", "class")]
    [InlineData("--namespace", "My..Space")]
    public void Names_that_are_not_identifiers_are_refused(string option, string value)
    {
        using var temp = new TempFolder();
        var run = CliRun.InProcess("extract", Fixtures.PathOf("training.ipynb"), "--out", temp.File("out"), option, value);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{option} {value}: not a C#", run.Error);
        Assert.False(Directory.Exists(temp.File("out")));
    }

    [Fact]
    public void Help_explains_every_option()
    {
        var help = CliRun.InProcess("extract", "--help");
        Assert.Equal(0, help.ExitCode);
        foreach (var option in new[] { "--out", "--name", "--namespace", "--to", "--tests", "--check", "--force", "--quiet", "Exit codes" })
        {
            Assert.Contains(option, help.Out);
        }
    }

    private static Dictionary<string, string> Snapshot(string folder) =>
        Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f), f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f))) + File.GetLastWriteTimeUtc(f).Ticks);
}
