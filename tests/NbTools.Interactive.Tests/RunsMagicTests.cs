using NbTools.Tracking;
using NbTools.Tracking.FileStore;
using NbTools.Tracking.Reports;

namespace NbTools.Interactive.Tests;

/// <summary>#!runs over a real file store written by NbTools.Tracking.</summary>
public sealed class RunsMagicTests
{
    private static (string First, string Second) TwoRuns(string store)
    {
        var tracker = Tracker.Open(store);
        string first, second;
        using (var run = tracker.StartRun("prices", "small"))
        {
            run.LogParam("lr", 0.1).LogParam("layers", 2).LogMetric("loss", 0.9, 1).LogMetric("loss", 0.5, 2);
            first = run.Id;
        }
        using (var run = tracker.StartRun("prices", "large"))
        {
            run.LogParam("lr", "<script>window.__x=1</script>").LogParam("layers", 2).LogMetric("loss", 0.8, 1).LogMetric("loss", 0.3, 2);
            second = run.Id;
        }
        using (var run = tracker.StartRun("other", "elsewhere")) run.LogParam("lr", 1);
        return (first, second);
    }

    [Fact]
    public async Task The_runs_table_lists_every_run_with_params_and_latest_metrics()
    {
        using var store = new TempFolder();
        var (first, second) = TwoRuns(store.Path);
        using var kernel = new TestKernel();
        var shown = await kernel.RunAsync($"#!runs --tracking-uri \"{store.Path}\"");
        shown.AssertSucceeded();
        var html = shown.Html();
        foreach (var id in new[] { first, second }) Assert.Contains($"<td style=\"text-align:left\">{id[..8]}</td>", html);
        Assert.Contains("elsewhere", html);
        Assert.Contains("layers=2 lr=0.1", html);
        Assert.Contains("loss=0.5", html);
        Assert.Contains("lr=&lt;script&gt;", html);
        Assert.DoesNotContain("<script", html);
        Assert.Equal(4, shown.Text().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task The_experiment_option_keeps_that_experiments_runs()
    {
        using var store = new TempFolder();
        TwoRuns(store.Path);
        using var kernel = new TestKernel();
        var shown = await kernel.RunAsync($"#!runs --tracking-uri \"{store.Path}\" --experiment other");
        shown.AssertSucceeded();
        Assert.Contains("elsewhere", shown.Text());
        Assert.DoesNotContain("small", shown.Text());
        var missing = (await kernel.RunAsync($"#!runs --tracking-uri \"{store.Path}\" --experiment nope")).AssertFailed();
        Assert.Equal($"nbtools: error: #!runs: {store.Path}: no experiment 'nope'", missing.Message);
    }

    [Fact]
    public async Task Compare_shows_the_comparison_page_sandboxed_with_a_chart_per_metric()
    {
        using var store = new TempFolder();
        var (first, second) = TwoRuns(store.Path);
        using var kernel = new TestKernel();
        var shown = await kernel.RunAsync($"#!runs --tracking-uri \"{store.Path}\" --compare {first[..6]},{second[..6]}");
        shown.AssertSucceeded();

        var page = Sandbox.Page(shown.Html());
        var reader = new MlflowFileStore(store.Path);
        var expected = new RunComparison([reader.GetRun(first), reader.GetRun(second)], reader.Experiments().ToDictionary(e => e.Id, e => e.Name));
        Assert.Equal(expected.ToHtml(), page);
        Assert.Contains("<tr class=\"differs\"><td class=\"key\">lr</td>", page);
        Assert.Contains("<h3>loss</h3>", page);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(page, "<polyline class=\"series\"").Count);
        Assert.Contains("&lt;script&gt;window.__x=1&lt;/script&gt;", page);
        Assert.Equal(expected.ToText(), shown.Text());
    }

    [Fact]
    public async Task Compare_accepts_ids_separated_by_spaces_in_quotes()
    {
        using var store = new TempFolder();
        var (first, second) = TwoRuns(store.Path);
        using var kernel = new TestKernel();
        var shown = await kernel.RunAsync($"#!runs --tracking-uri \"{store.Path}\" --compare \"{first} {second}\"");
        shown.AssertSucceeded();
        Assert.Contains(first, Sandbox.Page(shown.Html()));
    }

    [Theory]
    [InlineData("--compare zzzz,yyyy", "no run zzzz")]
    [InlineData("--compare onlyone", "--compare takes two or more run ids")]
    public async Task Compare_with_bad_ids_fails_with_one_line(string arguments, string expected)
    {
        using var store = new TempFolder();
        TwoRuns(store.Path);
        using var kernel = new TestKernel();
        var failed = (await kernel.RunAsync($"#!runs --tracking-uri \"{store.Path}\" {arguments}")).AssertFailed();
        Assert.StartsWith("nbtools: error: #!runs: ", failed.Message);
        Assert.EndsWith(expected, failed.Message);
        Assert.Null(failed.Exception);
    }

    [Fact]
    public async Task A_store_that_does_not_exist_is_an_error_not_a_new_folder()
    {
        using var folder = new TempFolder();
        var missing = Path.Combine(folder.Path, "no-runs-here");
        using var kernel = new TestKernel();
        var failed = (await kernel.RunAsync($"#!runs --tracking-uri \"{missing}\"")).AssertFailed();
        Assert.Equal($"nbtools: error: #!runs: {missing}: no such store (a folder of runs, as MLflow's mlruns/)", failed.Message);
        Assert.False(Directory.Exists(missing));
    }
}
