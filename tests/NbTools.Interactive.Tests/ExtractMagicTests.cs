using System.Text;
using System.Text.RegularExpressions;
using NbTools.Extraction;
using Newtonsoft.Json.Linq;

namespace NbTools.Interactive.Tests;

/// <summary>#!extract in the kernel on real corpus notebooks: what it writes is exactly what NbTools.Extraction writes, and the report names every cell.</summary>
public sealed class ExtractMagicTests
{
    private const string Polyglot = "dotnet-interactive__roundtrip-approved.dib";
    private const string Bank = "csharp-notebooks__14-Methods and Members.ipynb";

    /// <summary>True when extracting again into <paramref name="folder"/> would write nothing new: the magic wrote what the library writes.</summary>
    private static void AssertUpToDate(string notebook, string folder, ExtractTarget target = ExtractTarget.Library)
    {
        var check = NotebookExtractor.Extract(new ExtractRequest([notebook], folder) { Check = true, Target = target });
        Assert.False(check.Stale, string.Join("\n", check.Files.Where(f => f.State == ExtractedFileState.Stale).Select(f => f.Path)));
    }

    private static string CopyOf(string corpusNotebook, TempFolder folder, string name)
    {
        File.Copy(Corpus.PathOf(corpusNotebook), folder.File(name));
        return folder.File(name);
    }

    private static IReadOnlyList<string> FilesIn(string folder) =>
        Directory.Exists(folder) ? Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList() : [];

    [Fact]
    public async Task A_polyglot_notebook_becomes_a_library_and_the_report_names_the_cells_taken_and_skipped()
    {
        using var folder = new TempFolder();
        var notebook = CopyOf(Polyglot, folder, "polyglot.dib");
        var output = folder.File("Lib");
        // The cells of the file, as its #!kernel lines declare them (the markdown cell is not code).
        var kernels = File.ReadAllLines(notebook).Where(l => l.StartsWith("#!", StringComparison.Ordinal)).Select(l => l[2..]).Where(k => k is not "meta" and not "markdown").ToList();
        var others = kernels.Where(k => k != "csharp").ToList();
        Assert.Single(kernels, "csharp");

        using var kernel = new TestKernel();
        var shown = await kernel.RunAsync($"#!extract \"{notebook}\" --out \"{output}\"");
        shown.AssertSucceeded();

        Assert.True(File.Exists(Path.Combine(output, "Lib.csproj")));
        AssertUpToDate(notebook, output);
        var text = shown.Text();
        Assert.StartsWith($"{Path.Combine(output, "Lib.csproj")}: {FilesIn(output).Count} file(s) written, 0 unchanged\n", text);
        Assert.Contains($"cells: 1 taken, {others.Count} skipped, 0 rewritten (0 rewrite(s)), 0 warning(s)\n", text);
        foreach (var other in others) Assert.Matches($@"\n\d+\s+skipped\s+{other} kernel, not C#\n", text);
        var html = shown.Html();
        Assert.Contains("<table class=\"nbtools-extract\">", html);
        Assert.Equal(others.Count, Regex.Matches(html, "<td style=\"text-align:left\">skipped</td>").Count);

        // Again: nothing changes, and the report says so.
        var again = await kernel.RunAsync($"#!extract \"{notebook}\" --out \"{output}\"");
        again.AssertSucceeded();
        Assert.StartsWith($"{Path.Combine(output, "Lib.csproj")}: 0 file(s) written, {FilesIn(output).Count} unchanged\n", again.Text());
    }

    [Fact]
    public async Task A_notebook_becomes_an_app_and_every_rewrite_is_reported_where_it_happened()
    {
        using var folder = new TempFolder();
        var notebook = CopyOf(Bank, folder, "bank.ipynb");
        var codeCells = JObject.Parse(File.ReadAllText(notebook, Encoding.UTF8))["cells"]!.Count(c => (string?)c["cell_type"] == "code");
        var output = folder.File("app");

        using var kernel = new TestKernel();
        var shown = await kernel.RunAsync($"#!extract \"{notebook}\" --out \"{output}\" --to app --name BankApp");
        shown.AssertSucceeded();

        Assert.True(File.Exists(Path.Combine(output, "BankApp.cs")));
        Assert.False(File.Exists(Path.Combine(output, "BankApp.csproj")));
        var check = NotebookExtractor.Extract(new ExtractRequest([notebook], output) { Check = true, Target = ExtractTarget.App, Name = "BankApp" });
        Assert.False(check.Stale);
        var text = shown.Text();
        Assert.Matches($@"cells: {codeCells} taken, 0 skipped, [1-9]\d* rewritten \([1-9]\d* rewrite\(s\)\), [1-9]\d* warning\(s\)", text);
        // The notebook declares `account` in cells 3, 6 and 20: the later ones are rewritten, at their line.
        Assert.Matches(@"\n6\s+1\s+rewritten\s+'account' declared again", text);
        Assert.Matches(@"\n20\s+1\s+rewritten\s+'account' declared again", text);
        // Every note of the library's own report is a row of the table.
        foreach (var note in check.Report) Assert.Contains(note.Message, text);
        Assert.Equal(check.Report.Count, text.Split('\n').Count(l => Regex.IsMatch(l, @"^\d+\s")));
    }

    [Fact]
    public async Task Check_writes_nothing_and_says_whether_the_code_is_up_to_date()
    {
        using var folder = new TempFolder();
        var notebook = CopyOf(Polyglot, folder, "polyglot.dib");
        var output = folder.File("Lib");
        using var kernel = new TestKernel();

        var nothingYet = await kernel.RunAsync($"#!extract \"{notebook}\" --out \"{output}\" --check");
        nothingYet.AssertSucceeded();
        Assert.Contains("stale, run #!extract again", nothingYet.Text());
        Assert.False(Directory.Exists(output));

        (await kernel.RunAsync($"#!extract \"{notebook}\" --out \"{output}\"")).AssertSucceeded();
        var upToDate = await kernel.RunAsync($"#!extract \"{notebook}\" --out \"{output}\" --check");
        upToDate.AssertSucceeded();
        Assert.StartsWith($"{Path.Combine(output, "Lib.csproj")}: up to date\n", upToDate.Text());

        File.WriteAllText(notebook, File.ReadAllText(notebook).Replace("// C# code", "// C# code\nvar answer = 42;", StringComparison.Ordinal));
        var before = FilesIn(output).Select(File.ReadAllBytes).ToList();
        var stale = await kernel.RunAsync($"#!extract \"{notebook}\" --out \"{output}\" --check");
        stale.AssertSucceeded();
        Assert.Contains($"stale, run #!extract again (2 file(s) missing or different: {Path.Combine(output, "Polyglot.cs")}, {Path.Combine(output, ".nbtools-extract.json")})", stale.Text());
        Assert.Equal(before, FilesIn(output).Select(File.ReadAllBytes).ToList());
    }

    [Fact]
    public async Task Bad_input_fails_the_cell_with_one_line_and_writes_nothing()
    {
        using var folder = new TempFolder();
        var notebook = CopyOf(Polyglot, folder, "polyglot.dib");
        var output = folder.File("Lib");
        using var kernel = new TestKernel();

        async Task<string> Refused(string magic)
        {
            var failed = (await kernel.RunAsync(magic)).AssertFailed();
            Assert.DoesNotContain('\n', failed.Message);
            Assert.Null(failed.Exception);
            Assert.False(Directory.Exists(output), magic);
            return failed.Message;
        }

        Assert.Equal($"nbtools: error: #!extract: {folder.File("nope.ipynb")}: no such file", await Refused($"#!extract \"{folder.File("nope.ipynb")}\" --out \"{output}\""));
        Assert.Equal("nbtools: error: #!extract: --to 'exe': use library or app", await Refused($"#!extract \"{notebook}\" --out \"{output}\" --to exe"));
        Assert.Equal("nbtools: error: #!extract: --tests: only with --to library (the tests reference the library)", await Refused($"#!extract \"{notebook}\" --out \"{output}\" --to app --tests"));
        Assert.Equal("nbtools: error: #!extract: --name 2fast: not a C# identifier (letters, digits and _, not starting with a digit, not a keyword)", await Refused($"#!extract \"{notebook}\" --out \"{output}\" --name 2fast"));
        var markdownOnly = folder.File("notes.dib");
        File.WriteAllText(markdownOnly, "#!markdown\n\n# Only prose\n");
        Assert.Equal($"nbtools: error: #!extract: {markdownOnly}: no C# code cells to extract (cells of other kernels, marked hide, or only tests)", await Refused($"#!extract \"{markdownOnly}\" --out \"{output}\""));

        // A folder extract did not write is refused, and what it holds is left alone.
        var foreign = folder.File("foreign");
        Directory.CreateDirectory(foreign);
        File.WriteAllText(Path.Combine(foreign, "mine.txt"), "keep me");
        var refused = (await kernel.RunAsync($"#!extract \"{notebook}\" --out \"{foreign}\"")).AssertFailed();
        Assert.StartsWith($"nbtools: error: #!extract: {foreign}", refused.Message);
        Assert.Equal(["mine.txt"], Directory.GetFiles(foreign).Select(Path.GetFileName));
        Assert.Equal("keep me", File.ReadAllText(Path.Combine(foreign, "mine.txt")));
    }

    [Fact]
    public async Task Without_out_the_kernel_asks_for_it()
    {
        using var folder = new TempFolder();
        var notebook = CopyOf(Polyglot, folder, "polyglot.dib");
        using var kernel = new TestKernel();
        var events = await kernel.RunAsync($"#!extract \"{notebook}\"");
        var failed = events.AssertFailed();
        Assert.Equal("(1,1): error DNI104: Missing required parameter '--out'", failed.Message);
        Assert.Equal([notebook], Directory.GetFiles(folder.Path));
    }
}
