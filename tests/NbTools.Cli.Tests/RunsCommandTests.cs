using NbTools.Tracking;

namespace NbTools.Cli.Tests;

/// <summary>nbtools runs list|show on a file store NbTools.Tracking wrote.</summary>
public sealed class RunsCommandTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    private string Store => temp.File("ml runs");

    private (string First, string Second) Log()
    {
        var tracker = Tracker.Open(Store);
        var first = tracker.Track("coffee", "baseline", run =>
        {
            run.LogParam("lr", 0.1).LogParam("epochs", 3);
            for (var step = 0; step < 3; step++) run.LogMetric("loss", 1.0 / (step + 1), step);
            return run.Id;
        });
        Assert.Throws<InvalidOperationException>(() => tracker.Track<int>("coffee", "diverged", run =>
        {
            run.LogParam("lr", 10);
            throw new InvalidOperationException("nan loss");
        }));
        var second = tracker.FileStore.Runs("coffee").Single(r => r.RunName == "diverged").RunId;
        return (first, second);
    }

    [Fact]
    public void List_shows_every_run_with_status_params_and_latest_metrics()
    {
        var (first, second) = Log();
        var run = CliRun.InProcess("runs", "list", "--store", Store, "--experiment", "coffee");
        Assert.Equal(0, run.ExitCode);
        var lines = run.Out.TrimEnd().Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("run ", lines[0]);
        var baseline = Assert.Single(lines, l => l.StartsWith(first[..8], StringComparison.Ordinal));
        Assert.Contains("baseline", baseline);
        Assert.Contains("FINISHED", baseline);
        Assert.Contains("epochs=3 lr=0.1", baseline);
        Assert.Contains("loss=0.333333", baseline);
        Assert.Contains("FAILED", Assert.Single(lines, l => l.StartsWith(second[..8], StringComparison.Ordinal)));
    }

    [Fact]
    public void Show_prints_one_run_in_full()
    {
        var (first, _) = Log();
        var run = CliRun.InProcess("runs", "show", first[..8], "--store", Store);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"run         {first}", run.Out);
        Assert.Contains("experiment  coffee", run.Out);
        Assert.Contains("  loss = 0.333333  (3 points, steps 0–2, min 0.333333, max 1)", run.Out);
        Assert.Contains("  mlflow.runName = baseline", run.Out);
    }

    [Fact]
    public void Compare_prints_the_params_that_differ_and_writes_the_html_page()
    {
        var (first, second) = Log();
        var run = CliRun.InProcess("runs", "compare", first[..8], second[..8], "--store", Store, "--html", temp.File("cmp.html"));
        Assert.Equal(0, run.ExitCode);
        Assert.Contains(run.Out.Split('\n'), l => l.StartsWith("*  lr ", StringComparison.Ordinal));
        Assert.Contains(run.Out.Split('\n'), l => l.StartsWith("*  epochs ", StringComparison.Ordinal)); // the failed run has none
        var html = File.ReadAllText(temp.File("cmp.html"));
        Assert.Contains("<h3>loss</h3>", html);
        Assert.Equal(2, CliRun.InProcess("runs", "compare", first, "--store", Store).ExitCode); // one run is nothing to compare
    }

    [Fact]
    public void Unknown_stores_experiments_and_runs_are_one_line_errors()
    {
        Log();
        foreach (var args in new[] { new[] { "runs", "list", "--store", temp.File("nowhere") }, ["runs", "list", "--store", Store, "-e", "nope"], ["runs", "show", "ffffffff", "--store", Store] })
        {
            var run = CliRun.InProcess(args);
            Assert.Equal(2, run.ExitCode);
            Assert.StartsWith("nbtools: error: ", run.Error);
            Assert.Single(run.Error.TrimEnd().Split('\n'));
        }
        Assert.False(Directory.Exists(temp.File("nowhere"))); // nothing created by a read
    }

    [Fact]
    public void Reading_a_missing_empty_or_foreign_folder_is_a_one_line_error_and_leaves_it_as_it_was()
    {
        Directory.CreateDirectory(temp.File("empty"));
        Directory.CreateDirectory(temp.File("foreign/sub"));
        File.WriteAllText(temp.File("foreign/notes.txt"), "not runs");
        foreach (var folder in new[] { temp.File("missing"), temp.File("empty"), temp.File("foreign") })
        {
            var before = MlflowWrittenStore.Snapshot(temp.Path);
            foreach (var verb in new[] { new[] { "runs", "list" }, ["runs", "show", "abc"], ["runs", "compare", "a", "b"] })
            {
                var run = CliRun.InProcess([.. verb, "--store", folder]);
                Assert.Equal(2, run.ExitCode);
                Assert.Equal("", run.Out);
                var line = Assert.Single(run.Error.TrimEnd().Split('\n'));
                Assert.StartsWith($"nbtools: error: {folder}: ", line);
            }
            Assert.Equal(before, MlflowWrittenStore.Snapshot(temp.Path)); // byte for byte, nothing created
        }
        Assert.Contains("not an MLflow store", CliRun.InProcess("runs", "list", "--store", temp.File("empty")).Error);
    }

    [Fact]
    public void Listing_a_store_creates_nothing_in_it()
    {
        Log();
        File.Delete(Path.Combine(Store, ".nbtools-lock"));
        Directory.Delete(Path.Combine(Store, ".trash")); // what opening a store to log creates, and reading used to
        var before = MlflowWrittenStore.Snapshot(Store);
        Assert.Equal(0, CliRun.InProcess("runs", "list", "--store", Store).ExitCode);
        Assert.Equal(before, MlflowWrittenStore.Snapshot(Store));
    }

    [Fact]
    public void Long_params_are_cut_in_tables_and_shown_in_full_by_show()
    {
        var tracker = Tracker.Open(Store);
        var id = tracker.Track("long", "r", run =>
        {
            run.LogParam("prompt", new string('p', 300)).SetTag("cell", "line1\nline2");
            run.LogMetric("inf_as_sql", double.MaxValue);
            return run.Id;
        });
        var other = tracker.Track("long", "s", run => run.LogParam("prompt", "short").Id);
        var list = CliRun.InProcess("runs", "list", "--store", Store);
        var row = Assert.Single(list.Out.Split('\n'), l => l.StartsWith(id[..8], StringComparison.Ordinal));
        Assert.Contains("prompt=" + new string('p', 39) + "…", row);
        Assert.DoesNotContain(new string('p', 41), row);
        Assert.Contains("inf_as_sql=1.7976931348623157e+308", row); // how MLflow's SQL store keeps +inf, shown as such
        var compare = CliRun.InProcess("runs", "compare", id, other, "--store", Store);
        Assert.All(compare.Out.Split('\n'), l => Assert.True(l.Length < 200, l));
        var show = CliRun.InProcess("runs", "show", id, "--store", Store);
        Assert.Contains("  prompt = " + new string('p', 300) + "\n", show.Out);
        Assert.Contains("  cell = line1\n         line2\n", show.Out);
    }
}

/// <summary>nbtools runs on the store MLflow 2.22's own Python API wrote (../shared/interop/mlflow).</summary>
public sealed class RunsOnMlflowWrittenStoreTests
{
    [Fact]
    public void List_and_show_read_mlflows_store_with_its_dataset_input_artifacts_and_nested_and_failed_runs()
    {
        var store = MlflowWrittenStore.Folder;
        var before = MlflowWrittenStore.Snapshot(store);
        var list = CliRun.InProcess("runs", "list", "--store", store, "-e", "py-written");
        Assert.Equal(0, list.ExitCode);
        var lines = list.Out.TrimEnd().Split('\n');
        Assert.Equal(5, lines.Length); // header and four runs
        Assert.Contains("FAILED", Assert.Single(lines, l => l.StartsWith(MlflowWrittenStore.FailedRun[..8], StringComparison.Ordinal)));
        var main = Assert.Single(lines, l => l.StartsWith(MlflowWrittenStore.MainRun[..8], StringComparison.Ordinal));
        Assert.Contains("long_value=" + new string('x', 39) + "…", main);
        Assert.Contains("mae=0.05", main);

        var show = CliRun.InProcess("runs", "show", MlflowWrittenStore.MainRun[..8], "--store", store);
        Assert.Equal(0, show.ExitCode);
        Assert.Contains("user        root\n", show.Out);
        Assert.Contains("datasets:\n  prices  digest 11b97810  (local, training)\n    source {\"uri\": \"/home/analyst/coffee/data/prices.csv\"}\n", show.Out);
        Assert.Contains("artifacts:\n  model/report.txt  (10 bytes)\n  plots/a.csv  (8 bytes)\n  report.txt  (10 bytes)\n", show.Out);
        Assert.Contains("  long_value = " + new string('x', 300) + "\n", show.Out);
        Assert.Contains("  nan_metric = NaN", show.Out);
        Assert.Contains("  inf_metric = Infinity", show.Out);
        Assert.Contains("  nb/cell = line1\n            line2\n", show.Out);
        var child = CliRun.InProcess("runs", "show", MlflowWrittenStore.ChildRun, "--store", store);
        Assert.Contains($"  mlflow.parentRunId = {MlflowWrittenStore.MainRun}", child.Out);
        Assert.Equal(before, MlflowWrittenStore.Snapshot(store));
    }
}

/// <summary>nbtools runs against an MLflow server (the local stand-in answering as MLflow 2.22 does).</summary>
[Collection(FakeServerCollection.Name)]
public sealed class RunsOnServerTests : IDisposable
{
    private readonly FakeMlflowServer server = new();

    public void Dispose() => server.Dispose();

    [Fact]
    public void List_show_and_compare_read_runs_from_the_server()
    {
        var options = new NbTools.Tracking.Rest.MlflowRestOptions { BackoffDelay = TimeSpan.FromMilliseconds(5), MaxRetries = 1, Username = null, Password = null, Token = null };
        var tracker = new Tracker(new NbTools.Tracking.Rest.MlflowRestStore(new Uri(server.Url), options));
        string Log(string name, double lr) => tracker.Track("remote", name, run =>
        {
            run.LogParam("lr", lr);
            for (var step = 0; step < 3; step++) run.LogMetric("loss", lr * 10 / (step + 1), step);
            return run.Id;
        });
        var a = Log("a", 0.1);
        var b = Log("b", 0.2);

        var list = CliRun.InProcess("runs", "list", "--store", server.Url, "-e", "remote");
        Assert.Equal(0, list.ExitCode);
        Assert.Contains(list.Out.Split('\n'), l => l.StartsWith(a[..8], StringComparison.Ordinal) && l.Contains("lr=0.1", StringComparison.Ordinal) && l.Contains("loss=0.333333", StringComparison.Ordinal));
        Assert.Contains(list.Out.Split('\n'), l => l.StartsWith(b[..8], StringComparison.Ordinal) && l.Contains("FINISHED", StringComparison.Ordinal));

        var show = CliRun.InProcess("runs", "show", b[..8], "--store", server.Url);
        Assert.Equal(0, show.ExitCode);
        Assert.Contains("  loss = 0.666667  (3 points, steps 0–2, min 0.666667, max 2)", show.Out); // the full history, fetched

        var compare = CliRun.InProcess("runs", "compare", a, b, "--store", server.Url);
        Assert.Equal(0, compare.ExitCode);
        Assert.Contains(compare.Out.Split('\n'), l => l.StartsWith("*  lr ", StringComparison.Ordinal));
    }

    [Fact]
    public void Show_prints_a_server_runs_user_and_dataset_inputs()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("prices.csv"), "month,price\n1,2.5\n");
        var options = new NbTools.Tracking.Rest.MlflowRestOptions { BackoffDelay = TimeSpan.FromMilliseconds(5), MaxRetries = 1, Username = null, Password = null, Token = null };
        var id = new Tracker(new NbTools.Tracking.Rest.MlflowRestStore(new Uri(server.Url), options)).Track("remote", "d", run => run.LogDataset(temp.File("prices.csv")).Id);
        var show = CliRun.InProcess("runs", "show", id, "--store", server.Url);
        Assert.Equal(0, show.ExitCode);
        Assert.Contains($"user        {Environment.UserName}\n", show.Out);
        Assert.Contains($"datasets:\n  prices.csv  digest {NbTools.Tracking.Versions.DvcDigest.Of(temp.File("prices.csv"))}  (local, training)\n", show.Out);
    }

    [Fact]
    public void An_unreachable_server_fails_soon_with_one_error_line_after_the_retries_it_reports()
    {
        var run = CliRun.InProcess("runs", "list", "--store", "http://127.0.0.1:9");
        Assert.Equal(2, run.ExitCode);
        var lines = run.Error.TrimEnd().Split('\n');
        Assert.StartsWith("nbtools: error: http://127.0.0.1:9: POST api/2.0/mlflow/experiments/search failed after ", lines[^1]);
        Assert.All(lines[..^1], l => Assert.Matches(@"^nbtools: http://127\.0\.0\.1:9: .*; retry \d of \d+ in \d+\.\d s$", l));
        Assert.InRange(lines.Length - 1, 1, 3); // a few retries within the connect budget, not seven backoffs
    }
}
