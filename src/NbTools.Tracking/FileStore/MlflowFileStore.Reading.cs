using System.Globalization;
using static NbTools.Tracking.FileStore.StoreFiles;

namespace NbTools.Tracking.FileStore;

/// <summary>Reading experiments, runs and artifacts back, as MLflow's FileStore reads them.</summary>
public sealed partial class MlflowFileStore
{
    /// <summary>Every active experiment.</summary>
    public IReadOnlyList<ExperimentInfo> Experiments()
    {
        var list = new List<ExperimentInfo>();
        foreach (var folder in Directory.GetDirectories(Root).Order(StringComparer.Ordinal))
        {
            var meta = Path.Combine(folder, "meta.yaml");
            if (Path.GetFileName(folder).StartsWith('.') || Path.GetFileName(folder) == "models" || !File.Exists(meta)) continue;
            var yaml = ReadYaml(meta);
            if (Get(yaml, "lifecycle_stage") == "deleted") continue;
            list.Add(new ExperimentInfo(Get(yaml, "experiment_id") ?? Path.GetFileName(folder), Get(yaml, "name") ?? "", Get(yaml, "artifact_location") ?? "", Get(yaml, "lifecycle_stage") ?? "active", Long(Get(yaml, "creation_time"))));
        }
        return list;
    }

    /// <summary>The experiment with this name, or null.</summary>
    public ExperimentInfo? FindExperiment(string name) => Experiments().FirstOrDefault(e => e.Name == name);

    /// <summary>Reads a run back: info, params, every metric's history, tags and dataset inputs.</summary>
    public RunRecord GetRun(string runId)
    {
        var folder = RunFolder(runId);
        var meta = ReadYaml(Path.Combine(folder, "meta.yaml"));
        var metrics = new SortedDictionary<string, IReadOnlyList<MetricPoint>>(StringComparer.Ordinal);
        foreach (var (key, path) in Keys(Path.Combine(folder, "metrics")))
        {
            metrics[key] = ReadText(path).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => ParseMetricLine(path, line)).ToList();
        }
        return new RunRecord(
            Get(meta, "run_id") ?? Get(meta, "run_uuid") ?? runId,
            Get(meta, "experiment_id") ?? "",
            Get(meta, "run_name") is { Length: > 0 } name ? name : null,
            (RunStatus)(Long(Get(meta, "status")) ?? (long)RunStatus.Running),
            Long(Get(meta, "start_time")) ?? 0,
            Long(Get(meta, "end_time")),
            Get(meta, "user_id") ?? "",
            Get(meta, "artifact_uri") ?? "",
            Keys(Path.Combine(folder, "params")).ToDictionary(p => p.Key, p => ReadText(p.Path), StringComparer.Ordinal),
            metrics,
            Keys(Path.Combine(folder, "tags")).ToDictionary(p => p.Key, p => ReadText(p.Path), StringComparer.Ordinal))
        {
            Inputs = ReadInputs(folder),
        };
    }

    /// <summary>The runs of one experiment (or of all), newest first.</summary>
    public IReadOnlyList<RunRecord> Runs(string? experimentName = null)
    {
        var experiments = Experiments().Where(e => experimentName is null || e.Name == experimentName).ToList();
        if (experimentName is not null && experiments.Count == 0) throw new TrackingException($"{Root}: no experiment named '{experimentName}'");
        var runs = new List<RunRecord>();
        foreach (var experiment in experiments)
        {
            var experimentFolder = Path.Combine(Root, experiment.Id);
            if (!Directory.Exists(experimentFolder)) continue;
            foreach (var folder in Directory.GetDirectories(experimentFolder))
            {
                if (!File.Exists(Path.Combine(folder, "meta.yaml"))) continue; // datasets/, and anything not a run
                var id = Path.GetFileName(folder);
                lock (runFolders) runFolders[id] = folder;
                runs.Add(GetRun(id));
            }
        }
        return runs.OrderByDescending(r => r.StartTime).ThenBy(r => r.RunId, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The run's artifact files: those in the run's <c>artifacts/</c> folder in this store (where MLflow
    /// puts them, even when the store was moved and <c>artifact_uri</c> names the old place), else in the
    /// folder a <c>file:</c> artifact URI names.
    /// </summary>
    public IReadOnlyList<ArtifactFile> Artifacts(string runId)
    {
        var folder = Path.Combine(RunFolder(runId), "artifacts");
        if (!Directory.Exists(folder) && GetRun(runId).ArtifactUri is { } uri && uri.StartsWith("file:", StringComparison.OrdinalIgnoreCase)) folder = new Uri(uri).LocalPath;
        return Keys(folder).Select(k => new ArtifactFile(k.Key, new FileInfo(k.Path).Length)).ToList();
    }

    private static MetricPoint ParseMetricLine(string path, string line)
    {
        var parts = line.Split(' ');
        if (parts.Length is not (2 or 3 or 5)) throw new TrackingException($"{path}: metric line '{line}' is not 'timestamp value step'");
        var value = parts[1] switch
        {
            "nan" or "NaN" => double.NaN,
            "inf" or "Infinity" => double.PositiveInfinity,
            "-inf" or "-Infinity" => double.NegativeInfinity,
            var text => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : throw new TrackingException($"{path}: metric value '{text}' is not a number"),
        };
        return new MetricPoint(long.Parse(parts[0], CultureInfo.InvariantCulture), value, parts.Length > 2 ? long.Parse(parts[2], CultureInfo.InvariantCulture) : 0);
    }

    private string RunFolder(string runId)
    {
        lock (runFolders)
        {
            if (runFolders.TryGetValue(runId, out var known)) return known;
        }
        foreach (var experiment in Directory.GetDirectories(Root))
        {
            var folder = Path.Combine(experiment, runId);
            if (File.Exists(Path.Combine(folder, "meta.yaml")))
            {
                lock (runFolders) runFolders[runId] = folder;
                return folder;
            }
        }
        throw new TrackingException($"{Root}: no run {runId}");
    }
}
