using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using NbTools.Tracking.FileStore;

namespace NbTools.Tracking.Tests;

/// <summary>
/// Against ../shared/interop/mlflow/store-written-by-mlflow-2.22, a store MLflow 2.22's own Python API
/// wrote: NbTools reads all of it (without writing a byte), and what NbTools writes for the same calls
/// has MLflow's layout and, where MLflow's output is deterministic, its bytes.
/// </summary>
public sealed partial class MlflowWrittenStoreTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    private static string Reference => MlflowWrittenStore.Folder;

    [Fact]
    public void Every_run_param_metric_point_tag_input_and_artifact_reads_back_and_nothing_is_written()
    {
        var before = MlflowWrittenStore.Snapshot(Reference);
        var store = MlflowFileStore.OpenForReading(Reference);
        Assert.Equal(["Default", "py-written"], store.Experiments().Select(e => e.Name).Order(StringComparer.Ordinal));

        var runFolders = Directory.GetDirectories(Path.Combine(Reference, MlflowWrittenStore.ExperimentId)).Where(d => File.Exists(Path.Combine(d, "meta.yaml"))).ToList();
        var runs = store.Runs("py-written");
        Assert.Equal(runFolders.Select(Path.GetFileName).Order(StringComparer.Ordinal), runs.Select(r => r.RunId).Order(StringComparer.Ordinal));
        Assert.Equal(4, runs.Count);
        foreach (var listed in runs)
        {
            var run = store.GetRun(listed.RunId);
            var folder = MlflowWrittenStore.RunFolder(run.RunId);
            Assert.Equal(Files(Path.Combine(folder, "params")), run.Params);
            Assert.Equal(Files(Path.Combine(folder, "tags")), run.Tags);
            Assert.Equal(Files(Path.Combine(folder, "metrics")).Keys.Order(StringComparer.Ordinal), run.Metrics.Keys.Order(StringComparer.Ordinal));
            foreach (var (key, text) in Files(Path.Combine(folder, "metrics")))
            {
                // An independent reading of MLflow's lines "timestamp value step".
                var expected = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(' ')).Select(p => (long.Parse(p[0], CultureInfo.InvariantCulture), p[1], long.Parse(p[2], CultureInfo.InvariantCulture)));
                Assert.Equal(expected, run.Metrics[key].Select(p => (p.Timestamp, PyYaml.PythonFloat(p.Value), p.Step)));
            }
            var artifacts = Path.Combine(folder, "artifacts");
            var files = Directory.Exists(artifacts) ? Directory.GetFiles(artifacts, "*", SearchOption.AllDirectories) : [];
            Assert.Equal(files.Select(f => new ArtifactFile(Path.GetRelativePath(artifacts, f).Replace('\\', '/'), new FileInfo(f).Length)).OrderBy(f => f.Path, StringComparer.Ordinal), store.Artifacts(run.RunId));
            Assert.Equal("root", run.UserId);
            Assert.Equal(run.RunName, run.Tags["mlflow.runName"]);
        }

        var main = store.GetRun(MlflowWrittenStore.MainRun);
        Assert.Equal((RunStatus.Finished, "py-main"), (main.Status, main.RunName));
        Assert.Equal(20, main.Metrics["mae"].Count);
        Assert.Equal(0.05, main.LatestMetrics["mae"]);
        Assert.True(double.IsNaN(main.LatestMetrics["nan_metric"]));
        Assert.Equal(double.PositiveInfinity, main.LatestMetrics["inf_metric"]);
        Assert.Equal(1e-05, main.LatestMetrics["tiny"]);
        Assert.Equal(new string('x', 300), main.Params["long_value"]);
        Assert.Equal("3", main.Params["model/depth"]);
        Assert.Equal("line1\nline2", main.Tags["nb/cell"]);
        Assert.Equal(["model/report.txt", "plots/a.csv", "report.txt"], store.Artifacts(main.RunId).Select(a => a.Path));
        var input = Assert.Single(main.Inputs);
        Assert.Equal(("prices", "11b97810", "local", "training"), (input.Name, input.Digest, input.SourceType, input.Context));
        Assert.Equal("{\"uri\": \"/home/analyst/coffee/data/prices.csv\"}", input.Source);
        Assert.Equal("{\"mlflow_colspec\": [{\"type\": \"double\", \"name\": \"price\", \"required\": true}]}", input.Schema);
        Assert.Equal("{\"num_rows\": 2, \"num_elements\": 2}", input.Profile);

        Assert.Equal(MlflowWrittenStore.MainRun, store.GetRun(MlflowWrittenStore.ChildRun).Tags["mlflow.parentRunId"]);
        Assert.Equal(RunStatus.Failed, store.GetRun(MlflowWrittenStore.FailedRun).Status);
        Assert.Empty(store.GetRun(MlflowWrittenStore.FailedRun).Inputs);

        var champion = store.GetByAlias("py-model", "champion")!; // moved from 2 back to 1
        Assert.Equal((1, MlflowWrittenStore.MainRun), (champion.Version, champion.RunId));
        Assert.EndsWith($"/{MlflowWrittenStore.MainRun}/artifacts/model", champion.Source);
        Assert.Equal(new Dictionary<string, int> { ["champion"] = 1 }, store.Aliases("py-model"));
        Assert.Null(store.GetByAlias("py-model", "staging"));

        Assert.Equal(before, MlflowWrittenStore.Snapshot(Reference));
        Assert.Throws<TrackingException>(() => store.SetTag(MlflowWrittenStore.MainRun, "x", "y")); // opened for reading
    }

    [Fact]
    public void A_dataset_input_is_written_file_for_file_and_byte_for_byte_as_mlflow_wrote_it()
    {
        var (store, experimentId, runId) = NewRun();
        var before = MlflowWrittenStore.Snapshot(Path.Combine(store.Root, experimentId));
        var mlflows = Path.Combine(Reference, MlflowWrittenStore.ExperimentId);
        var mlflowDataset = StoreFiles.ReadYaml(Path.Combine(mlflows, "datasets", MlflowWrittenStore.DatasetId, "meta.yaml"));
        store.LogDatasetInput(runId, new DatasetInput((string)mlflowDataset["name"]!, (string)mlflowDataset["digest"]!, (string)mlflowDataset["source_type"]!, (string)mlflowDataset["source"]!,
            "training", (string?)mlflowDataset["schema"], (string?)mlflowDataset["profile"]));
        var written = MlflowWrittenStore.Snapshot(Path.Combine(store.Root, experimentId)).Where(e => !before.ContainsKey(e.Key)).ToDictionary();

        // The ids are MLflow's: md5(name + digest) for the dataset, md5(dataset id + run id) for the input.
        var inputId = Md5(MlflowWrittenStore.DatasetId + runId);
        Assert.Equal(MlflowWrittenStore.InputId, Md5(MlflowWrittenStore.DatasetId + MlflowWrittenStore.MainRun)); // MLflow's own, by the same rule
        var expected = new[] { "datasets", $"datasets/{MlflowWrittenStore.DatasetId}", $"datasets/{MlflowWrittenStore.DatasetId}/meta.yaml", $"{runId}/inputs", $"{runId}/inputs/{inputId}", $"{runId}/inputs/{inputId}/meta.yaml" };
        Assert.Equal(expected.Order(StringComparer.Ordinal), written.Keys.Select(k => k.Replace('\\', '/')).Order(StringComparer.Ordinal));
        Assert.Equal(File.ReadAllBytes(Path.Combine(mlflows, "datasets", MlflowWrittenStore.DatasetId, "meta.yaml")), written[$"datasets/{MlflowWrittenStore.DatasetId}/meta.yaml"]);
        Assert.Equal(File.ReadAllBytes(Path.Combine(mlflows, MlflowWrittenStore.MainRun, "inputs", MlflowWrittenStore.InputId, "meta.yaml")), written[$"{runId}/inputs/{inputId}/meta.yaml"]);
    }

    [Fact]
    public void A_dvc_dataset_logged_by_a_run_has_mlflows_layout_and_keys()
    {
        DvcFolder.Write(temp);
        var tracker = Tracker.Open(temp.File("mlruns"));
        var run = tracker.StartRun("datasets");
        run.LogDataset(temp.File("data"), context: "evaluation");
        run.End();
        var experiment = Path.Combine(temp.File("mlruns"), run.ExperimentId);
        var datasetId = Md5("data" + "5ea40360f5b4ec688df672a4db9c17d1.dir");
        var dataset = File.ReadAllText(Path.Combine(experiment, "datasets", datasetId, "meta.yaml"));
        var mlflowDataset = File.ReadAllText(Path.Combine(Reference, MlflowWrittenStore.ExperimentId, "datasets", MlflowWrittenStore.DatasetId, "meta.yaml"));
        Assert.Equal(Keys(mlflowDataset), Keys(dataset));
        Assert.Contains("digest: 5ea40360f5b4ec688df672a4db9c17d1.dir\n", dataset); // the DVC digest: 36 characters
        Assert.Contains("source_type: dvc\n", dataset);
        Assert.Contains("profile: null\nschema: null\n", dataset); // what MLflow writes for a dataset without them
        var link = File.ReadAllText(Path.Combine(experiment, run.Id, "inputs", Md5(datasetId + run.Id), "meta.yaml"));
        Assert.Equal($"destination_id: {datasetId}\ndestination_type: RUN\nsource_id: {datasetId}\nsource_type: DATASET\ntags:\n  mlflow.data.context: evaluation\n", link);
        var input = Assert.Single(tracker.FileStore.GetRun(run.Id).Inputs);
        Assert.Equal(temp.File("data.dvc"), (string)System.Text.Json.Nodes.JsonNode.Parse(input.Source)!["dvc_file"]!);
    }

    [Fact]
    public void Experiment_and_run_meta_yaml_match_mlflows_apart_from_ids_times_paths_and_user()
    {
        var (store, experimentId, runId) = NewRun("py-written", "py-main");
        store.EndRun(runId, RunStatus.Finished, FileStoreNow());
        Assert.Equal(Normalize(File.ReadAllText(Path.Combine(Reference, MlflowWrittenStore.ExperimentId, "meta.yaml"))), Normalize(File.ReadAllText(Path.Combine(store.Root, experimentId, "meta.yaml"))));
        Assert.Equal(Normalize(File.ReadAllText(Path.Combine(MlflowWrittenStore.RunFolder(MlflowWrittenStore.MainRun), "meta.yaml"))), Normalize(File.ReadAllText(Path.Combine(store.Root, experimentId, runId, "meta.yaml"))));
        Assert.Equal(Normalize(File.ReadAllText(Path.Combine(Reference, "0", "meta.yaml"))), Normalize(File.ReadAllText(Path.Combine(store.Root, "0", "meta.yaml"))));
    }

    [Fact]
    public void The_registry_after_two_versions_and_a_moved_alias_matches_mlflows()
    {
        var (store, _, runId) = NewRun();
        store.CreateModelVersion("py-model", store.ArtifactUri(runId) + "/model", runId);
        store.CreateModelVersion("py-model", store.ArtifactUri(runId) + "/model", runId);
        store.SetAlias("py-model", "champion", 2);
        store.SetAlias("py-model", "champion", 1); // rolled back, as in MLflow's store
        var ours = Path.Combine(store.Root, "models", "py-model");
        var mlflows = Path.Combine(Reference, "models", "py-model");
        Assert.Equal(MlflowWrittenStore.Snapshot(mlflows).Keys, MlflowWrittenStore.Snapshot(ours).Keys);
        foreach (var file in new[] { "meta.yaml", "version-1/meta.yaml", "version-2/meta.yaml", "aliases/champion" })
        {
            Assert.Equal(Normalize(File.ReadAllText(Path.Combine(mlflows, file))), Normalize(File.ReadAllText(Path.Combine(ours, file))));
        }
    }

    private (MlflowFileStore Store, string ExperimentId, string RunId) NewRun(string experiment = "py-written", string runName = "py-main")
    {
        var store = new MlflowFileStore(temp.File("mlruns"));
        var experimentId = store.GetOrCreateExperiment(experiment);
        return (store, experimentId, store.CreateRun(experimentId, runName, "root", FileStoreNow(), new Dictionary<string, string>()));
    }

    private static long FileStoreNow() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private static string Md5(string text) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));

    private static IEnumerable<string> Keys(string yaml) => yaml.Split('\n').Where(l => l.Length > 0 && l[0] != ' ').Select(l => l[..l.IndexOf(':', StringComparison.Ordinal)]);

    /// <summary>Ids, times, store paths and the user replaced by placeholders: what differs between two stores by nature.</summary>
    private static string Normalize(string yaml)
    {
        yaml = FileUri().Replace(yaml, "file:///STORE/");
        yaml = Hex32().Replace(yaml, "RUN");
        yaml = ExperimentIds().Replace(yaml, "EXPERIMENT");
        yaml = Millis().Replace(yaml, "TIME");
        return UserLine().Replace(yaml, "user_id: USER");
    }

    private static Dictionary<string, string> Files(string folder) => Directory.Exists(folder)
        ? Directory.GetFiles(folder, "*", SearchOption.AllDirectories).ToDictionary(f => Path.GetRelativePath(folder, f).Replace('\\', '/'), f => File.ReadAllText(f, Encoding.UTF8))
        : [];

    [GeneratedRegex(@"file:///\S*?/mlruns/")]
    private static partial Regex FileUri();

    [GeneratedRegex(@"\b[0-9a-f]{32}\b")]
    private static partial Regex Hex32();

    [GeneratedRegex(@"\b[0-9]{18}\b")]
    private static partial Regex ExperimentIds();

    [GeneratedRegex(@"\b[0-9]{13}\b")]
    private static partial Regex Millis();

    [GeneratedRegex(@"user_id: (?!null)\S+")]
    private static partial Regex UserLine();
}
