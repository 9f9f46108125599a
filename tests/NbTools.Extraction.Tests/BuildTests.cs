using NbTools.Extraction.Tests.Support;
using NbTools.Tracking;
using Newtonsoft.Json.Linq;

namespace NbTools.Extraction.Tests;

/// <summary>
/// Extracted code built and run by the real <c>dotnet</c>, offline (the generated nuget.config names only
/// the bundled packages folder; the rest comes from the NuGet cache). Few invocations: each is slow here.
/// </summary>
public sealed class BuildTests
{
    private static readonly string[] CorpusNotebooks =
    [
        "csharp-notebooks__13-Objects and Classes.ipynb",
        "csharp-notebooks__14-Methods and Members.ipynb",
        "csharp-notebooks__01-Alien-Translator.ipynb",
        "dotnet-interactive__roundtrip-approved.dib", // Polyglot: C#, F#, PowerShell, JavaScript and Mermaid cells
    ];

    [Fact]
    public void Corpus_and_own_notebooks_build_without_warnings_and_their_tests_pass()
    {
        using var temp = new TempFolder();
        var notebooks = CorpusNotebooks.Select(Corpus.PathOf).Append(Fixtures.PathOf("training.ipynb")).ToList();
        var result = NotebookExtractor.Extract(new ExtractRequest(notebooks, temp.File("Lib")) { Tests = true });
        var test = DotNet.Run(temp.File("Lib"), null, "test", result.TestProject!, "--nologo", "-p:TreatWarningsAsErrors=true", "-warnaserror");
        Assert.True(test.ExitCode == 0, test.Output);
        Assert.DoesNotMatch(@"(?i)\bwarning\b", test.Output);
        // One test per //| test cell (training.ipynb has one) and one smoke test per notebook.
        Assert.Matches($@"Passed!\s+-\s+Failed:\s+0,\s+Passed:\s+{notebooks.Count + 1},", test.Output);
    }

    [Fact]
    public void A_type_error_is_reported_at_the_notebook_cell_and_line()
    {
        using var temp = new TempFolder();
        var notebook = Fixtures.CopyTo("training.ipynb", temp.Path);
        Fixtures.EditCell(notebook, 5, "if (fail) throw", "int wrong = \"text\";\nif (fail) throw");
        NotebookExtractor.Extract(new ExtractRequest([notebook], temp.File("out")));
        var build = DotNet.Run(temp.File("out"), null, "build", "--nologo");
        Assert.NotEqual(0, build.ExitCode);
        Assert.Matches(@"training\.ipynb \[cell 5\]\(5,13\): error CS0029", build.Output);
    }

    [Fact]
    public void The_app_prints_what_the_notebook_printed_and_logs_runs_that_runs_list_shows()
    {
        using var temp = new TempFolder();
        var notebook = Fixtures.CopyTo("training.ipynb", temp.Path);
        var output = temp.File("app");
        var store = temp.File("mlruns");
        var extract = CliRun.InProcess("extract", notebook, "--out", output, "--to", "app", "-q");
        Assert.Equal(0, extract.ExitCode);
        var environment = new Dictionary<string, string> { ["MLFLOW_TRACKING_URI"] = store };

        var run = DotNet.Run(output, environment, "run", "App.cs");
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Equal(PrintedByNotebook(notebook), run.Output.ReplaceLineEndings("\n"));

        var failing = DotNet.Run(output, environment, "run", "App.cs", "--", "--fail", "true", "--epochs", "1");
        Assert.NotEqual(0, failing.ExitCode);
        Assert.Contains("asked to fail", failing.Output);

        var runs = new Tracker(new NbTools.Tracking.FileStore.MlflowFileStore(store)).FileStore.Runs();
        Assert.Equal(2, runs.Count);
        var finished = Assert.Single(runs, r => r.Status == RunStatus.Finished);
        var failed = Assert.Single(runs, r => r.Status == RunStatus.Failed);
        Assert.Equal("3", finished.Params["epochs"]);
        Assert.Equal("0.5", finished.Params["learningRate"]);
        Assert.Equal("demo", finished.Params["label"]);
        Assert.Equal("1", failed.Params["epochs"]);
        Assert.Equal("True", failed.Params["fail"]);
        Assert.StartsWith("sha256:", finished.Tags["nbtools.notebook.digest"]);
        Assert.Equal("../training.ipynb", finished.Tags["nbtools.notebook.path"]);

        var list = CliRun.InProcess("runs", "list", "--store", store);
        Assert.Equal(0, list.ExitCode);
        Assert.Contains("FINISHED", list.Out);
        Assert.Contains("FAILED", list.Out);
    }

    /// <summary>The text the notebook's taken cells printed (stream and displayed results), as the kernel saved it.</summary>
    private static string PrintedByNotebook(string notebook)
    {
        var json = JObject.Parse(File.ReadAllText(notebook));
        var text = new System.Text.StringBuilder();
        foreach (var cell in json["cells"]!.Cast<JObject>())
        {
            var source = string.Concat(cell["source"]!.Select(s => (string)s!));
            var kernel = (string?)cell.SelectToken("metadata.polyglot_notebook.kernelName");
            if ((string)cell["cell_type"]! != "code" || kernel != "csharp" || source.StartsWith("//| hide", StringComparison.Ordinal)) continue;
            foreach (var output in cell["outputs"]!.Cast<JObject>())
            {
                var printed = (string)output["output_type"]! == "stream"
                    ? string.Concat(output["text"]!.Select(s => (string)s!))
                    : string.Concat(output.SelectToken("data.text/plain")!.Select(s => (string)s!)) + "\n";
                // The kernel's own timing line (#!time), which extraction removes as a magic.
                if (printed.StartsWith("Wall time:", StringComparison.Ordinal)) continue;
                text.Append(printed);
            }
        }
        return text.ToString();
    }
}
