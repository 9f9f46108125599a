using System.Reflection;
using NbTools.Extraction.Tests.Support;
using NbTools.Tracking;
using NbTools.Tracking.FileStore;

namespace NbTools.Extraction.Tests;

/// <summary>
/// A notebook written with the kernel extension (<c>#!experiment</c>, C# using <c>run</c>, <c>#!end-run</c>):
/// extracted, built by the real <c>dotnet</c>, and its <c>Run</c> called in this process against a
/// temporary file store that is then read back.
/// </summary>
public sealed class TrackedNotebookTests
{
    [Fact]
    public void The_kernels_run_becomes_the_run_of_Run_in_the_notebooks_experiment()
    {
        using var temp = new TempFolder();
        var notebook = Fixtures.CopyTo("tracked.ipynb", temp.Path);
        var result = NotebookExtractor.Extract(new ExtractRequest([notebook], temp.File("Lib")));
        var report = string.Join("\n", result.Report);
        Assert.Contains("cell 2, line 1: rewritten: #r \"nuget: NbTools.Interactive, 0.1.0\" removed: the kernel extension", report);
        Assert.Contains("cell 3, line 1: rewritten: #!experiment tracked-prices --run-name quantile-baseline --tracking-uri mlruns -> Run starts (or joins) the tracking run in experiment 'tracked-prices', run name 'quantile-baseline'", report);
        Assert.Contains("cell 3, line 1: rewritten: --tracking-uri not carried into the library", report);
        Assert.Contains("cell 7, line 1: rewritten: #!end-run -> the run ends when Run returns (FINISHED; FAILED when the code throws", report);
        Assert.DoesNotContain("kernel magic removed: #!experiment", report);

        var build = DotNet.Run(temp.File("Lib"), null, "build", "--nologo", "-p:TreatWarningsAsErrors=true", "-warnaserror");
        Assert.True(build.ExitCode == 0, build.Output);
        var type = Assembly.LoadFrom(temp.File("Lib/bin/Debug/net10.0/Lib.dll")).GetType("Lib.Tracked", throwOnError: true)!;
        var run = type.GetMethod("Run")!;
        var parametersType = type.GetNestedType("Parameters")!;
        var store = temp.File("mlruns");
        var tracker = new Tracker(new MlflowFileStore(store));

        // Started by Run, in the notebook's experiment, with the notebook's run name; FINISHED when Run returns.
        run.Invoke(null, [null, null, tracker, null]);
        var finished = Assert.Single(tracker.FileStore.Runs("tracked-prices"));
        Assert.Equal(RunStatus.Finished, finished.Status);
        Assert.Equal("quantile-baseline", finished.RunName);
        Assert.Equal("0.5", finished.Params["quantile"]);
        Assert.Equal("5", finished.Params["rows"]);
        Assert.Equal("baseline", finished.Params["note"]);
        Assert.Equal(1.8, finished.LatestMetrics["mae"], 9); // the median 5 predicted: (2 + 1 + 0 + 1 + 5) / 5
        Assert.Equal([0L, 1L, 2L], finished.Metrics["loss"].Select(p => p.Step).Order());
        Assert.Contains(tracker.FileStore.Artifacts(finished.RunId), a => a.Path.StartsWith("model/tracked-", StringComparison.Ordinal));

        // A throwing notebook: its run FAILED, the exception reaches the caller; the caller names another experiment.
        var failing = Activator.CreateInstance(parametersType)!;
        parametersType.GetProperty("note")!.SetValue(failing, "fail");
        var thrown = Assert.Throws<TargetInvocationException>(() => run.Invoke(null, [failing, null, tracker, "other"]));
        Assert.IsType<InvalidOperationException>(thrown.InnerException);
        var failed = Assert.Single(tracker.FileStore.Runs("other"));
        Assert.Equal(RunStatus.Failed, failed.Status);
        Assert.Equal("fail", failed.Params["note"]);

        // A run the caller passes in is joined: the notebook's params and metrics go into it, and it stays open.
        using (var outer = tracker.StartRun("pipeline", "outer"))
        {
            run.Invoke(null, [null, outer, tracker, null]);
            var joined = Assert.Single(tracker.FileStore.Runs("pipeline"));
            Assert.Equal(RunStatus.Running, joined.Status);
            Assert.Equal("0.5", joined.Params["quantile"]);
            Assert.True(joined.Metrics.ContainsKey("mae"));
        }
        Assert.Single(tracker.FileStore.Runs("tracked-prices"));

        // Outside Run there is no run to use.
        var shared = type.GetProperty("run", BindingFlags.NonPublic | BindingFlags.Static)!;
        var outside = Assert.Throws<TargetInvocationException>(() => shared.GetValue(null));
        Assert.IsType<InvalidOperationException>(outside.InnerException);
    }
}
