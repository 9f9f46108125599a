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
}
