using System.Diagnostics;
using NbTools.Tracking;
using NbTools.Tracking.FileStore;
using NbTools.Tracking.Versions;

namespace NbTools.Tracking.Tests;

/// <summary>The MLflow file store: MLflow's layout and byte conventions, read back, rules, concurrency.</summary>
public sealed class FileStoreTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    private string Store => temp.File("mlruns");

    [Fact]
    public void Files_follow_mlflows_layout_and_byte_conventions()
    {
        var tracker = Tracker.Open(Store);
        var run = tracker.StartRun("nbtools-demo", "train-1");
        run.LogParam("learning_rate", 0.01).LogParam("model/layers", 3);
        run.LogMetric("loss", 0.5, step: 0, time: DateTimeOffset.FromUnixTimeMilliseconds(1795759656900));
        run.LogMetric("loss", 1e-05, step: 1, time: DateTimeOffset.FromUnixTimeMilliseconds(1795759656901));
        run.SetTag("purpose", "golden");
        run.End();

        // The default experiment MLflow creates, and the named one (id quoted: a string that looks like a number).
        var defaultMeta = File.ReadAllText(Path.Combine(Store, "0", "meta.yaml"));
        Assert.Matches(@"^artifact_location: file:///\S+/mlruns/0\ncreation_time: \d{13}\nexperiment_id: '0'\nlast_update_time: \d{13}\nlifecycle_stage: active\nname: Default\n$", defaultMeta);
        var experimentMeta = File.ReadAllText(Path.Combine(Store, run.ExperimentId, "meta.yaml"));
        Assert.Matches($@"^artifact_location: file:///\S+/mlruns/{run.ExperimentId}\ncreation_time: \d{{13}}\nexperiment_id: '{run.ExperimentId}'\nlast_update_time: \d{{13}}\nlifecycle_stage: active\nname: nbtools-demo\n$", experimentMeta);
        Assert.Matches("^[0-9]{18}$", run.ExperimentId);

        var folder = Path.Combine(Store, run.ExperimentId, run.Id);
        var user = Environment.UserName;
        Assert.Matches(
            $@"^artifact_uri: file:///\S+/mlruns/{run.ExperimentId}/{run.Id}/artifacts\nend_time: \d{{13}}\nentry_point_name: ''\nexperiment_id: '{run.ExperimentId}'\n" +
            $@"lifecycle_stage: active\nrun_id: {run.Id}\nrun_name: train-1\nrun_uuid: {run.Id}\nsource_name: ''\nsource_type: 4\nsource_version: ''\nstart_time: \d{{13}}\nstatus: 3\ntags: \[\]\nuser_id: {user}\n$",
            File.ReadAllText(Path.Combine(folder, "meta.yaml")));
        Assert.Matches("^[0-9a-f]{32}$", run.Id);
        Assert.Equal("0.01", File.ReadAllText(Path.Combine(folder, "params", "learning_rate"))); // no trailing newline
        Assert.Equal("3", File.ReadAllText(Path.Combine(folder, "params", "model", "layers")));  // a '/' in a key is a folder
        Assert.Equal("1795759656900 0.5 0\n1795759656901 1e-05 1\n", File.ReadAllText(Path.Combine(folder, "metrics", "loss")));
        Assert.Equal("golden", File.ReadAllText(Path.Combine(folder, "tags", "purpose")));
        Assert.Equal("train-1", File.ReadAllText(Path.Combine(folder, "tags", "mlflow.runName")));
        Assert.Empty(Directory.GetFiles(Store, ".nbtools-tmp-*", SearchOption.AllDirectories));
    }

    [Theory]
    [InlineData(0.5, "0.5")]
    [InlineData(1.0, "1.0")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(1e-05, "1e-05")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(1.5e-7, "1.5e-07")]
    [InlineData(1e15, "1000000000000000.0")]
    [InlineData(1e16, "1e+16")]
    [InlineData(123.456, "123.456")]
    [InlineData(0.30000000000000004, "0.30000000000000004")]
    [InlineData(12345678901234567890.0, "1.2345678901234567e+19")]
    [InlineData(double.NaN, "nan")]
    [InlineData(double.PositiveInfinity, "inf")]
    [InlineData(double.NegativeInfinity, "-inf")]
    [InlineData(0.0, "0.0")]
    public void Metric_values_are_written_as_pythons_repr(double value, string expected) => Assert.Equal(expected, PyYaml.PythonFloat(value));

    // Expected: what PyYAML 6.0.3 (libyaml's CSafeDumper, as MLflow uses it) writes for {"k": value} with
    // MLflow's yaml.dump(default_flow_style=False, allow_unicode=True, sort_keys=True).
    [Theory]
    [InlineData("", "k: ''\n")]
    [InlineData("0", "k: '0'\n")]
    [InlineData("826840306922081823", "k: '826840306922081823'\n")]
    [InlineData("1.5", "k: '1.5'\n")]
    [InlineData("yes", "k: 'yes'\n")]
    [InlineData("null", "k: 'null'\n")]
    [InlineData("active", "k: active\n")]
    [InlineData("nbtools-demo", "k: nbtools-demo\n")]
    [InlineData("file:///tmp/mlruns/0", "k: file:///tmp/mlruns/0\n")]
    [InlineData("a: b", "k: 'a: b'\n")]
    [InlineData("it's", "k: it's\n")]
    [InlineData("#tag", "k: '#tag'\n")]
    [InlineData("line\nbreak", "k: 'line\n\n  break'\n")]
    [InlineData("café ☕", "k: café ☕\n")]
    [InlineData("-x", "k: -x\n")]
    [InlineData("- x", "k: '- x'\n")]
    [InlineData("?x", "k: ?x\n")]
    [InlineData(":x", "k: :x\n")]
    [InlineData("a #b", "k: 'a #b'\n")]
    [InlineData("a#b", "k: a#b\n")]
    [InlineData("x:", "k: 'x:'\n")]
    [InlineData("tab\there", "k: \"tab\\there\"\n")]
    [InlineData(" lead", "k: ' lead'\n")]
    [InlineData("trail ", "k: 'trail '\n")]
    [InlineData("[x]", "k: '[x]'\n")]
    [InlineData("x,y", "k: x,y\n")]
    [InlineData("{\"path\":\"/tmp/a b\"}", "k: '{\"path\":\"/tmp/a b\"}'\n")]
    [InlineData("word word word word word word word word word word word word word word word word word word word word word word word word word ", "k: 'word word word word word word word word word word word word word word word word\n  word word word word word word word word word '\n")]
    [InlineData("'word word word word word word word word word word word word word word word word word word word word '", "k: '''word word word word word word word word word word word word word word word word\n  word word word word '''\n")]
    [InlineData("{\"uri\": \"/home/analyst/coffee/data/prices.csv\", \"more\": \"words here and there\", \"x\": 1}", "k: '{\"uri\": \"/home/analyst/coffee/data/prices.csv\", \"more\": \"words here and there\",\n  \"x\": 1}'\n")]
    [InlineData("@x", "k: '@x'\n")]
    [InlineData("`x", "k: '`x'\n")]
    [InlineData("~", "k: '~'\n")]
    [InlineData("a\u0007b", "k: \"a\\ab\"\n")]
    [InlineData("üüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüü", "k: üüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüü\n")]
    [InlineData("two  spaces two  spaces two  spaces two  spaces two  spaces two  spaces two  spaces two  spaces two  spaces two  spaces two  spaces two  spaces ", "k: 'two  spaces two  spaces two  spaces two  spaces two  spaces two  spaces two  spaces\n  two  spaces two  spaces two  spaces two  spaces two  spaces '\n")]
    [InlineData("exp name with many words to go past the eighty column limit of pyyaml for sure", "k: exp name with many words to go past the eighty column limit of pyyaml for sure\n")]
    public void Strings_are_written_as_pyyaml_writes_them(string value, string expected) => Assert.Equal(expected, PyYaml.Dump([new("k", value)]));

    [Fact]
    public void Nested_and_empty_mappings_are_written_as_pyyaml_writes_them() => Assert.Equal(
        "al:\n  champion: '1'\naliases: {}\nl: []\ntags:\n  mlflow.data.context: training\n", // PyYAML 6.0.3, as above
        PyYaml.Dump([
            new("aliases", new Dictionary<string, string>()),
            new("tags", new Dictionary<string, string> { ["mlflow.data.context"] = "training" }),
            new("al", new Dictionary<string, string> { ["champion"] = "1" }),
            new("l", Array.Empty<string>()),
        ]));

    [Fact]
    public void A_run_reads_back_with_everything_logged()
    {
        var tracker = Tracker.Open(Store);
        string id;
        using (var run = tracker.StartRun("exp", "r1"))
        {
            id = run.Id;
            run.LogParams([new("epochs", 10), new("optimizer", "adam")]);
            for (var step = 0; step < 5; step++) run.LogMetric("accuracy", 0.5 + step / 10.0, step);
            run.LogMetric("nan-metric", double.NaN);
        }
        var record = tracker.FileStore.GetRun(id);
        Assert.Equal(RunStatus.Finished, record.Status);
        Assert.Equal("r1", record.RunName);
        Assert.Equal(new Dictionary<string, string> { ["epochs"] = "10", ["optimizer"] = "adam" }, record.Params);
        Assert.Equal(5, record.Metrics["accuracy"].Count);
        Assert.Equal(0.9, record.LatestMetrics["accuracy"], 10);
        Assert.True(double.IsNaN(record.LatestMetrics["nan-metric"]));
        Assert.NotNull(record.EndTime);
        Assert.Single(tracker.FileStore.Runs("exp"));
        Assert.Equal("exp", Assert.Single(tracker.FileStore.Experiments(), e => e.Name == "exp").Name);
    }

    [Fact]
    public void Params_cannot_change_but_may_be_logged_again()
    {
        var run = Tracker.Open(Store).StartRun("exp");
        run.LogParam("lr", 0.1);
        run.LogParam("lr", 0.1);
        var error = Assert.Throws<TrackingException>(() => run.LogParam("lr", 0.2));
        Assert.Contains("param 'lr'", error.Message);
        Assert.Equal("0.1", Tracker.Open(Store).FileStore.GetRun(run.Id).Params["lr"]);
    }

    [Theory]
    [InlineData("bad*key")]
    [InlineData("../escape")]
    [InlineData("/absolute")]
    [InlineData("a//b")]
    [InlineData("")]
    public void Invalid_keys_are_refused_and_nothing_is_written(string key)
    {
        var run = Tracker.Open(Store).StartRun("exp");
        Assert.Throws<TrackingException>(() => run.LogMetric(key, 1));
        Assert.Throws<TrackingException>(() => run.LogParam(key, 1));
        var folder = Path.Combine(Store, run.ExperimentId, run.Id);
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(folder, "metrics")));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(folder, "params")));
        Assert.False(File.Exists(Path.Combine(temp.Path, "escape")));
    }

    [Fact]
    public void Over_long_values_are_truncated_as_mlflow_does()
    {
        var run = Tracker.Open(Store).StartRun("exp");
        run.LogParam("long", new string('x', 7000));
        Assert.Equal(MlflowRules.MaxParamValueLength, Tracker.Open(Store).FileStore.GetRun(run.Id).Params["long"].Length);
    }

    [Fact]
    public void Work_that_throws_ends_its_run_failed()
    {
        var tracker = Tracker.Open(Store);
        string? failedId = null;
        Assert.Throws<InvalidOperationException>(() => tracker.Track<int>("exp", "bad", run =>
        {
            failedId = run.Id;
            throw new InvalidOperationException("training diverged");
        }));
        Assert.Equal(RunStatus.Failed, tracker.FileStore.GetRun(failedId!).Status);
        var okId = tracker.Track("exp", "good", run => run.Id);
        Assert.Equal(RunStatus.Finished, tracker.FileStore.GetRun(okId).Status);
    }

    [Fact]
    public void A_nested_run_names_its_parent()
    {
        var tracker = Tracker.Open(Store);
        using var parent = tracker.StartRun("sweep", "parent");
        using var child = tracker.StartRun(runName: "child", parent: parent);
        Assert.Equal(parent.ExperimentId, child.ExperimentId);
        Assert.Equal(parent.Id, tracker.FileStore.GetRun(child.Id).Tags["mlflow.parentRunId"]);
    }

    [Fact]
    public void A_nested_run_started_without_a_source_comes_from_its_parents_notebook()
    {
        File.WriteAllText(temp.File("sweep.ipynb"), "{}");
        var tracker = Tracker.Open(Store);
        using var parent = tracker.StartRun("sweep", "parent", source: temp.File("sweep.ipynb"));
        using var child = tracker.StartRun(runName: "fold-1", parent: parent);
        var parentTags = tracker.FileStore.GetRun(parent.Id).Tags;
        var childTags = tracker.FileStore.GetRun(child.Id).Tags;
        Assert.Equal(temp.File("sweep.ipynb"), childTags["mlflow.source.name"]); // not the host assembly
        Assert.Equal("NOTEBOOK", childTags["mlflow.source.type"]);
        Assert.Equal(parentTags["nbtools.source.digest"], childTags["nbtools.source.digest"]);
        using var own = tracker.StartRun(runName: "fold-2", parent: parent, source: temp.File("other.py"));
        Assert.Equal(temp.File("other.py"), tracker.FileStore.GetRun(own.Id).Tags["mlflow.source.name"]); // a source of its own wins
    }

    [Fact]
    public void Artifacts_are_copied_files_and_folders()
    {
        File.WriteAllText(temp.File("model.bin"), "weights");
        Directory.CreateDirectory(temp.File("plots/sub"));
        File.WriteAllText(temp.File("plots/a.svg"), "<svg/>");
        File.WriteAllText(temp.File("plots/sub/b.svg"), "<svg/>");
        var run = Tracker.Open(Store).StartRun("exp");
        run.LogArtifact(temp.File("model.bin"), "model").LogArtifact(temp.File("plots"));
        var artifacts = Path.Combine(Store, run.ExperimentId, run.Id, "artifacts");
        Assert.Equal("weights", File.ReadAllText(Path.Combine(artifacts, "model", "model.bin")));
        Assert.True(File.Exists(Path.Combine(artifacts, "plots", "sub", "b.svg")));
        Assert.Throws<TrackingException>(() => run.LogArtifact(temp.File("missing.bin")));
    }

    [Fact]
    public void Store_uris_are_chosen_as_mlflow_chooses_them()
    {
        Assert.IsType<NbTools.Tracking.Rest.MlflowRestStore>(Tracker.Open("http://127.0.0.1:5000").Store);
        var error = Assert.Throws<TrackingException>(() => Tracker.Open("s3://bucket/mlruns"));
        Assert.Contains("unsupported tracking URI", error.Message);
        Assert.True(Directory.Exists(Tracker.Open(new Uri(temp.File("via-uri")).AbsoluteUri).FileStore.Root));
    }

    [Fact]
    public void Eight_processes_logging_at_once_lose_nothing()
    {
        const int workers = 8, points = 150;
        var worker = Path.Combine(AppContext.BaseDirectory, "NbTools.Tracking.Worker.dll");
        var processes = Enumerable.Range(0, workers).Select(i =>
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { worker, Store, "concurrent", i.ToString(System.Globalization.CultureInfo.InvariantCulture), points.ToString(System.Globalization.CultureInfo.InvariantCulture) }) start.ArgumentList.Add(a);
            return Process.Start(start)!;
        }).ToList();
        var ids = new List<string>();
        foreach (var process in processes)
        {
            var output = process.StandardOutput.ReadToEnd();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, error);
            ids.Add(output.Trim());
        }
        var store = Tracker.Open(Store).FileStore;
        Assert.Single(store.Experiments(), e => e.Name == "concurrent"); // created once, though all raced for it
        var runs = store.Runs("concurrent");
        Assert.Equal(ids.Order(), runs.Select(r => r.RunId).Order());
        foreach (var run in runs)
        {
            Assert.Equal(RunStatus.Finished, run.Status);
            Assert.Equal(Enumerable.Range(0, points).Select(s => (long)s), run.Metrics["loss"].Select(p => p.Step));
            Assert.Equal(points, run.Metrics["shared/progress"].Count);
            Assert.Equal("yes", run.Tags["done"]);
            Assert.Equal(points.ToString(System.Globalization.CultureInfo.InvariantCulture), run.Params["points"]);
        }
        Assert.Equal(Enumerable.Range(0, workers).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Order(), runs.Select(r => r.Params["worker"]).Order());
    }
}
