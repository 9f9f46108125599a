using Microsoft.DotNet.Interactive.Events;
using NbTools.Interactive;
using NbTools.Tracking;
using NbTools.Tracking.FileStore;

namespace NbTools.Interactive.Tests;

/// <summary>#!experiment and #!end-run in a composite kernel with a C# kernel, read back from the real file store.</summary>
public sealed class ExperimentMagicTests
{
    [Fact]
    public async Task A_run_started_by_the_magic_holds_exactly_what_csharp_logged()
    {
        using var store = new TempFolder();
        using var kernel = new TestKernel();

        var started = await kernel.RunAsync($"#!experiment price-model --tracking-uri \"{store.Path}\" --run-name first");
        started.AssertSucceeded();
        var runId = Assert.Single(new MlflowFileStore(store.Path).Runs()).RunId;
        Assert.Contains(runId, started.Text());
        Assert.Contains(runId, started.Html());

        (await kernel.RunAsync("run.LogParam(\"lr\", 0.1).LogParam(\"epochs\", 3);\nrun.LogMetric(\"loss\", 0.5, step: 1);\nrun.LogMetric(\"loss\", 0.25, step: 2);")).AssertSucceeded();
        var ended = await kernel.RunAsync("#!end-run");
        ended.AssertSucceeded();

        var run = Assert.Single(new MlflowFileStore(store.Path).Runs("price-model"));
        Assert.Equal(runId, run.RunId);
        Assert.Equal("first", run.RunName);
        Assert.Equal(RunStatus.Finished, run.Status);
        Assert.NotNull(run.EndTime);
        Assert.Equal(new Dictionary<string, string> { ["lr"] = "0.1", ["epochs"] = "3" }, run.Params);
        var loss = Assert.Single(run.Metrics).Value;
        Assert.Equal([(1L, 0.5), (2L, 0.25)], loss.OrderBy(p => p.Step).Select(p => (p.Step, p.Value)));
        Assert.False(run.Tags.ContainsKey("nbtools.failed_cells"));

        var summary = ended.Text();
        Assert.Contains(runId, summary);
        Assert.Contains("FINISHED", summary);
        Assert.Matches(@"param lr\s+0\.1", summary);
        Assert.Matches(@"metric loss\s+0\.25 \(latest of 2\)", summary);
        Assert.Contains("<td style=\"text-align:left\">metric loss</td>", ended.Html());
    }

    [Fact]
    public async Task A_cell_that_fails_while_the_run_is_open_tags_the_run_and_a_failed_magic_does_not()
    {
        using var store = new TempFolder();
        using var kernel = new TestKernel();
        (await kernel.RunAsync($"#!experiment fails --tracking-uri \"{store.Path}\"")).AssertSucceeded();

        (await kernel.RunAsync("throw new System.InvalidOperationException(\"the data file is empty\");")).AssertFailed();
        (await kernel.RunAsync("#!end-run --status sometimes")).AssertFailed();
        (await kernel.RunAsync("run.LogMetric(\"after\", 1);")).AssertSucceeded();
        var ended = await kernel.RunAsync("#!end-run");
        ended.AssertSucceeded();

        var run = Assert.Single(new MlflowFileStore(store.Path).Runs());
        Assert.Equal("1", run.Tags["nbtools.failed_cells"]);
        Assert.Contains("the data file is empty", run.Tags["nbtools.last_error"]);
        Assert.Equal(RunStatus.Finished, run.Status);
        Assert.Contains("after", run.Metrics.Keys);
        Assert.Matches(@"failed cells\s+1: .*the data file is empty", ended.Text());
    }

    [Fact]
    public async Task With_on_cell_error_fail_a_failing_cell_ends_the_run_failed()
    {
        using var store = new TempFolder();
        using var kernel = new TestKernel();
        (await kernel.RunAsync($"#!experiment fails --tracking-uri \"{store.Path}\" --on-cell-error fail")).AssertSucceeded();
        (await kernel.RunAsync("throw new System.Exception(\"boom\");")).AssertFailed();

        var run = Assert.Single(new MlflowFileStore(store.Path).Runs());
        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.NotNull(run.EndTime);
        var end = (await kernel.RunAsync("#!end-run")).AssertFailed();
        Assert.Equal("nbtools: error: #!end-run: no run is open; start one with #!experiment NAME", end.Message);
    }

    [Fact]
    public async Task With_on_cell_error_ignore_a_failing_cell_leaves_the_run_alone()
    {
        using var store = new TempFolder();
        using var kernel = new TestKernel();
        (await kernel.RunAsync($"#!experiment quiet --tracking-uri \"{store.Path}\" --on-cell-error ignore")).AssertSucceeded();
        (await kernel.RunAsync("throw new System.Exception(\"boom\");")).AssertFailed();
        (await kernel.RunAsync("#!end-run --status killed")).AssertSucceeded();

        var run = Assert.Single(new MlflowFileStore(store.Path).Runs());
        Assert.Equal(RunStatus.Killed, run.Status);
        Assert.False(run.Tags.ContainsKey("nbtools.failed_cells"));
    }

    [Fact]
    public async Task A_second_experiment_ends_the_open_run_and_shares_the_new_one()
    {
        using var store = new TempFolder();
        using var kernel = new TestKernel();
        (await kernel.RunAsync($"#!experiment a --tracking-uri \"{store.Path}\" --run-name one")).AssertSucceeded();
        var second = await kernel.RunAsync($"#!experiment b --tracking-uri \"{store.Path}\" --run-name two");
        second.AssertSucceeded();
        Assert.Contains("ended the open run", second.Text());
        (await kernel.RunAsync("run.LogParam(\"which\", run.Name);")).AssertSucceeded();
        (await kernel.RunAsync("#!end-run")).AssertSucceeded();

        var runs = new MlflowFileStore(store.Path).Runs().ToDictionary(r => r.RunName!);
        Assert.Equal(RunStatus.Finished, runs["one"].Status);
        Assert.Empty(runs["one"].Params);
        Assert.Equal("two", runs["two"].Params["which"]);
    }

    [Fact]
    public async Task The_run_as_a_cells_last_expression_shows_as_a_table_of_what_the_store_holds()
    {
        using var store = new TempFolder();
        using var kernel = new TestKernel();
        (await kernel.RunAsync($"#!experiment shown --tracking-uri \"{store.Path}\"")).AssertSucceeded();
        var shown = await kernel.RunAsync("run.LogParam(\"depth\", 7).LogMetric(\"auc\", 0.93);\nrun");
        shown.AssertSucceeded();
        var html = Assert.Single(shown.OfType<ReturnValueProduced>()).FormattedValues.Single(v => v.MimeType == "text/html").Value;
        Assert.Contains("<table class=\"nbtools-run\">", html);
        Assert.Contains("<td style=\"text-align:left\">param depth</td><td style=\"text-align:left\">7</td>", html);
        Assert.Contains("<td style=\"text-align:left\">metric auc</td><td style=\"text-align:left\">0.93</td>", html);
        Assert.Contains("RUNNING", html);
    }

    [Fact]
    public async Task Runs_read_back_in_csharp_show_as_a_runs_table()
    {
        using var store = new TempFolder();
        var tracker = Tracker.Open(store.Path);
        using (var run = tracker.StartRun("listed", "r1")) run.LogParam("k", "<b>v</b>");
        using var kernel = new TestKernel();
        var shown = await kernel.RunAsync($"new NbTools.Tracking.FileStore.MlflowFileStore(@\"{store.Path}\").Runs()");
        shown.AssertSucceeded();
        var html = Assert.Single(shown.OfType<ReturnValueProduced>()).FormattedValues.Single(v => v.MimeType == "text/html").Value;
        Assert.Contains("<table class=\"nbtools-runs\">", html);
        Assert.Contains("k=&lt;b&gt;v&lt;/b&gt;", html);
        Assert.DoesNotContain("<b>", html);
    }

    [Theory]
    [InlineData("#!experiment fit --on-cell-error sometimes", "nbtools: error: #!experiment: --on-cell-error 'sometimes': use tag, fail or ignore")]
    [InlineData("#!experiment fit --tracking-uri ftp://example.org/runs", "nbtools: error: #!experiment: ftp://example.org/runs: unsupported tracking URI; use a folder, a file: URI or an MLflow server's http(s):// URL")]
    [InlineData("#!experiment fit --source no-such-notebook.ipynb", "nbtools: error: #!experiment: --source no-such-notebook.ipynb: no such file")]
    [InlineData("#!end-run", "nbtools: error: #!end-run: no run is open; start one with #!experiment NAME")]
    public async Task A_bad_argument_fails_the_cell_with_one_line_and_no_exception(string code, string message)
    {
        using var kernel = new TestKernel();
        var failed = (await kernel.RunAsync(code + "\nSystem.Console.WriteLine(\"not run\");")).AssertFailed();
        Assert.Equal(message, failed.Message);
        Assert.Null(failed.Exception);
    }

    [Fact]
    public async Task A_bad_argument_writes_nothing_to_the_store()
    {
        using var store = new TempFolder();
        using var kernel = new TestKernel();
        (await kernel.RunAsync($"#!experiment fit --tracking-uri \"{store.Path}\" --on-cell-error sometimes")).AssertFailed();
        Assert.Empty(Directory.EnumerateFileSystemEntries(store.Path));
    }

    [Fact]
    public async Task Loading_the_extension_again_changes_nothing()
    {
        using var store = new TempFolder();
        using var kernel = new TestKernel();
        NbToolsKernelExtension.Load(kernel.Root);
        await new NbToolsKernelExtension().OnLoadAsync(kernel.CSharp);
        var started = await kernel.RunAsync($"#!experiment twice --tracking-uri \"{store.Path}\"");
        started.AssertSucceeded();
        Assert.Single(started.OfType<DisplayedValueProduced>());
        Assert.Single(new MlflowFileStore(store.Path).Runs());
    }
}
