using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using YamlDotNet.Serialization;

namespace NbTools.Tracking.FileStore;

/// <summary>An experiment as the store holds it.</summary>
public sealed record ExperimentInfo(string Id, string Name, string ArtifactLocation, string LifecycleStage, long? CreationTime);

/// <summary>A metric point.</summary>
public sealed record MetricPoint(long Timestamp, double Value, long Step);

/// <summary>A run read back from the store: info, params, metric histories, tags.</summary>
public sealed record RunRecord(
    string RunId, string ExperimentId, string? RunName, RunStatus Status, long StartTime, long? EndTime, string UserId, string ArtifactUri,
    IReadOnlyDictionary<string, string> Params, IReadOnlyDictionary<string, IReadOnlyList<MetricPoint>> Metrics, IReadOnlyDictionary<string, string> Tags)
{
    /// <summary>The latest value of each metric: the point with the greatest (step, timestamp), as MLflow picks it.</summary>
    public IReadOnlyDictionary<string, double> LatestMetrics =>
        Metrics.ToDictionary(m => m.Key, m => m.Value.OrderBy(p => p.Step).ThenBy(p => p.Timestamp).Last().Value, StringComparer.Ordinal);
}

/// <summary>
/// MLflow's file store (<c>mlruns/</c>), written exactly as MLflow 2.x writes it and read back:
/// <c>&lt;exp&gt;/meta.yaml</c>, <c>&lt;exp&gt;/&lt;run&gt;/{meta.yaml,params/,metrics/,tags/,artifacts/}</c>.
/// Safe for several processes at once: files are replaced by rename, params created exclusively,
/// metric lines appended under an exclusive lock, experiments created under a store-wide lock.
/// </summary>
public sealed class MlflowFileStore : ITrackingStore, IModelRegistry, IRunReader
{
    private const string DefaultExperimentId = "0";
    private const string LockFile = ".nbtools-lock";
    private static readonly IDeserializer Yaml = new DeserializerBuilder().IgnoreUnmatchedProperties().Build(); // built once: listing runs reads every meta.yaml
    private readonly Dictionary<string, string> runFolders = new(StringComparer.Ordinal);

    /// <summary>Opens (creating when missing) the store at a folder.</summary>
    public MlflowFileStore(string root)
    {
        Root = Path.GetFullPath(root);
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(Path.Combine(Root, ".trash"));
        if (!File.Exists(Path.Combine(Root, DefaultExperimentId, "meta.yaml")))
        {
            WithStoreLock(() =>
            {
                if (!File.Exists(Path.Combine(Root, DefaultExperimentId, "meta.yaml"))) WriteExperiment(DefaultExperimentId, "Default", Now());
            });
        }
    }

    /// <summary>The store's folder.</summary>
    public string Root { get; }

    /// <inheritdoc/>
    public string Location => Root;

    /// <inheritdoc/>
    public void LogParams(string runId, IReadOnlyList<KeyValuePair<string, string>> values)
    {
        foreach (var (key, _) in values) MlflowRules.CheckKey("param", key); // all before any is written
        foreach (var (key, value) in values) LogParam(runId, key, value);
    }

    /// <inheritdoc/>
    public void LogArtifact(string runId, string localFile, string artifactPath)
    {
        MlflowRules.CheckKey("artifact path", artifactPath);
        var destination = Path.Combine(ArtifactFolder(runId), artifactPath.Replace('/', Path.DirectorySeparatorChar));
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        var temp = Path.Combine(Path.GetDirectoryName(destination)!, ".nbtools-tmp-" + Guid.NewGuid().ToString("N"));
        File.Copy(localFile, temp);
        File.Move(temp, destination, overwrite: true);
    }

    /// <inheritdoc/>
    public void LogDatasetInput(string runId, string name, string digest, string sourceType, string source, string context)
    {
        // The file store records datasets as the params and tags Run.LogDataset writes.
    }

    /// <inheritdoc/>
    public void Flush()
    {
        // Everything is on disk as soon as it is logged.
    }

    /// <summary>The id of the experiment with this name, created when there is none.</summary>
    public string GetOrCreateExperiment(string name)
    {
        MlflowRules.CheckExperimentName(name);
        if (FindExperiment(name) is { } found) return found.Id;
        return WithStoreLock(() =>
        {
            if (FindExperiment(name) is { } again) return again.Id;
            string id;
            do id = RandomNumberGenerator.GetInt32(100_000_000, 999_999_999).ToString(CultureInfo.InvariantCulture) + RandomNumberGenerator.GetInt32(100_000_000, 999_999_999).ToString(CultureInfo.InvariantCulture);
            while (Directory.Exists(Path.Combine(Root, id)));
            WriteExperiment(id, name, Now());
            return id;
        });
    }

    /// <summary>Every active experiment.</summary>
    public IReadOnlyList<ExperimentInfo> Experiments()
    {
        var list = new List<ExperimentInfo>();
        foreach (var folder in Directory.GetDirectories(Root).Order(StringComparer.Ordinal))
        {
            var meta = Path.Combine(folder, "meta.yaml");
            if (Path.GetFileName(folder).StartsWith('.') || !File.Exists(meta)) continue;
            var yaml = ReadYaml(meta);
            if (Get(yaml, "lifecycle_stage") == "deleted") continue;
            list.Add(new ExperimentInfo(Get(yaml, "experiment_id") ?? Path.GetFileName(folder), Get(yaml, "name") ?? "", Get(yaml, "artifact_location") ?? "", Get(yaml, "lifecycle_stage") ?? "active", Long(Get(yaml, "creation_time"))));
        }
        return list;
    }

    /// <summary>The experiment with this name, or null.</summary>
    public ExperimentInfo? FindExperiment(string name) => Experiments().FirstOrDefault(e => e.Name == name);

    /// <summary>Creates a RUNNING run with its tags.</summary>
    public string CreateRun(string experimentId, string? runName, string userId, long startTime, IReadOnlyDictionary<string, string> tags)
    {
        var runId = Guid.NewGuid().ToString("N");
        var folder = Path.Combine(Root, experimentId, runId);
        Directory.CreateDirectory(folder);
        foreach (var sub in new[] { "params", "metrics", "tags", "artifacts" }) Directory.CreateDirectory(Path.Combine(folder, sub));
        lock (runFolders) runFolders[runId] = folder;
        WriteRunMeta(folder, new Dictionary<string, object?>
        {
            ["artifact_uri"] = new Uri(Path.Combine(folder, "artifacts")).AbsoluteUri,
            ["end_time"] = null,
            ["entry_point_name"] = "",
            ["experiment_id"] = experimentId,
            ["lifecycle_stage"] = "active",
            ["run_id"] = runId,
            ["run_name"] = runName ?? "",
            ["run_uuid"] = runId, // MLflow 2.x needs it, 3.x ignores it
            ["source_name"] = "",
            ["source_type"] = 4L,
            ["source_version"] = "",
            ["start_time"] = startTime,
            ["status"] = (long)RunStatus.Running,
            ["tags"] = Array.Empty<string>(),
            ["user_id"] = userId,
        });
        if (runName is not null) SetTag(runId, "mlflow.runName", runName);
        foreach (var (key, value) in tags) SetTag(runId, key, value);
        return runId;
    }

    /// <summary>Logs a param; params are immutable: the same value again is fine, another value is an error.</summary>
    public void LogParam(string runId, string key, string value)
    {
        MlflowRules.CheckKey("param", key);
        value = MlflowRules.Truncate(value, MlflowRules.MaxParamValueLength);
        var path = KeyPath(runId, "params", key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        try
        {
            using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            stream.Write(Encoding.UTF8.GetBytes(value));
        }
        catch (IOException) when (File.Exists(path))
        {
            var existing = ReadText(path);
            if (existing != value) throw new TrackingException($"param '{key}' of run {runId} is already '{existing}'; params cannot change (log a new run, or a metric)");
        }
    }

    /// <summary>Appends a metric point (line "timestamp value step").</summary>
    public void LogMetric(string runId, string key, double value, long timestamp, long step)
    {
        MlflowRules.CheckKey("metric", key);
        if (timestamp < 0) throw new TrackingException($"metric '{key}': the timestamp must not be negative");
        var path = KeyPath(runId, "metrics", key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var line = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{timestamp} {PyYaml.PythonFloat(value)} {step}\n"));
        Retry(() =>
        {
            using var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.None);
            stream.Seek(0, SeekOrigin.End);
            stream.Write(line);
        });
    }

    /// <summary>Sets (or replaces) a run tag.</summary>
    public void SetTag(string runId, string key, string value)
    {
        MlflowRules.CheckKey("tag", key);
        var path = KeyPath(runId, "tags", key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        WriteAtomic(path, MlflowRules.Truncate(value, MlflowRules.MaxTagValueLength));
    }

    /// <summary>Ends the run with a status and end time.</summary>
    public void EndRun(string runId, RunStatus status, long endTime)
    {
        var folder = RunFolder(runId);
        var meta = ReadYaml(Path.Combine(folder, "meta.yaml"));
        var values = RunMetaValues(meta);
        values["status"] = (long)status;
        values["end_time"] = endTime;
        WriteRunMeta(folder, values);
    }

    /// <summary>The folder a run's artifacts go to.</summary>
    public string ArtifactFolder(string runId) => Path.Combine(RunFolder(runId), "artifacts");

    /// <summary>Reads a run back.</summary>
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
            Keys(Path.Combine(folder, "tags")).ToDictionary(p => p.Key, p => ReadText(p.Path), StringComparer.Ordinal));
    }

    /// <summary>The runs of one experiment (or of all), newest first.</summary>
    public IReadOnlyList<RunRecord> Runs(string? experimentName = null)
    {
        var experiments = Experiments().Where(e => experimentName is null || e.Name == experimentName).ToList();
        if (experimentName is not null && experiments.Count == 0) throw new TrackingException($"{Root}: no experiment named '{experimentName}'");
        var runs = new List<RunRecord>();
        foreach (var experiment in experiments)
        {
            foreach (var folder in Directory.GetDirectories(Path.Combine(Root, experiment.Id)))
            {
                if (!File.Exists(Path.Combine(folder, "meta.yaml"))) continue;
                var id = Path.GetFileName(folder);
                lock (runFolders) runFolders[id] = folder;
                runs.Add(GetRun(id));
            }
        }
        return runs.OrderByDescending(r => r.StartTime).ThenBy(r => r.RunId, StringComparer.Ordinal).ToList();
    }

    // --- Model registry: models/<name>/{meta.yaml,version-<n>/meta.yaml,aliases/<alias>} ---------

    /// <inheritdoc/>
    public ModelVersionInfo CreateModelVersion(string name, string source, string? runId)
    {
        RegistryRules.CheckModelName(name);
        return WithStoreLock(() =>
        {
            var model = Path.Combine(Root, "models", name);
            var now = Now();
            if (!File.Exists(Path.Combine(model, "meta.yaml")))
            {
                Directory.CreateDirectory(model);
                WriteModelMeta(model, name, now, now);
            }
            else
            {
                var meta = ReadYaml(Path.Combine(model, "meta.yaml"));
                WriteModelMeta(model, name, Long(Get(meta, "creation_timestamp")) ?? now, now);
            }
            var version = Directory.GetDirectories(model, "version-*").Select(d => int.TryParse(Path.GetFileName(d)["version-".Length..], CultureInfo.InvariantCulture, out var v) ? v : 0).DefaultIfEmpty(0).Max() + 1;
            var folder = Path.Combine(model, "version-" + version.ToString(CultureInfo.InvariantCulture));
            Directory.CreateDirectory(folder);
            WriteAtomic(Path.Combine(folder, "meta.yaml"), PyYaml.Dump(new Dictionary<string, object?>
            {
                ["creation_timestamp"] = now,
                ["current_stage"] = "None",
                ["description"] = null,
                ["last_updated_timestamp"] = now,
                ["name"] = name,
                ["run_id"] = runId,
                ["run_link"] = null,
                ["source"] = source,
                ["status"] = "READY",
                ["status_message"] = null,
                ["storage_location"] = source,
                ["user_id"] = null,
                ["version"] = (long)version,
            }));
            return new ModelVersionInfo(name, version, source, runId);
        });
    }

    /// <inheritdoc/>
    public void SetAlias(string name, string alias, int version)
    {
        RegistryRules.CheckAlias(alias);
        var model = ModelFolder(name);
        if (!File.Exists(Path.Combine(model, "version-" + version.ToString(CultureInfo.InvariantCulture), "meta.yaml"))) throw new TrackingException($"{Root}: model {name} has no version {version}");
        Directory.CreateDirectory(Path.Combine(model, "aliases"));
        WriteAtomic(Path.Combine(model, "aliases", alias), version.ToString(CultureInfo.InvariantCulture));
    }

    /// <inheritdoc/>
    public ModelVersionInfo? GetByAlias(string name, string alias)
    {
        RegistryRules.CheckAlias(alias);
        var path = Path.Combine(ModelFolder(name), "aliases", alias);
        if (!File.Exists(path)) return null;
        var version = int.Parse(ReadText(path).Trim(), CultureInfo.InvariantCulture);
        var meta = ReadYaml(Path.Combine(ModelFolder(name), "version-" + version.ToString(CultureInfo.InvariantCulture), "meta.yaml"));
        return new ModelVersionInfo(name, version, Get(meta, "source") ?? "", Get(meta, "run_id"));
    }

    /// <inheritdoc/>
    public void DeleteAlias(string name, string alias)
    {
        RegistryRules.CheckAlias(alias);
        var path = Path.Combine(ModelFolder(name), "aliases", alias);
        if (File.Exists(path)) File.Delete(path);
    }

    private string ModelFolder(string name)
    {
        RegistryRules.CheckModelName(name);
        var folder = Path.Combine(Root, "models", name);
        if (!File.Exists(Path.Combine(folder, "meta.yaml"))) throw new TrackingException($"{Root}: no registered model named '{name}'");
        return folder;
    }

    private static void WriteModelMeta(string folder, string name, long created, long updated) =>
        WriteAtomic(Path.Combine(folder, "meta.yaml"), PyYaml.Dump(new Dictionary<string, object?>
        {
            ["creation_timestamp"] = created,
            ["description"] = null,
            ["last_updated_timestamp"] = updated,
            ["name"] = name,
        }));

    /// <summary>The artifact URI of a run (file:///…/artifacts).</summary>
    public string ArtifactUri(string runId) => new Uri(ArtifactFolder(runId)).AbsoluteUri;

    private static MetricPoint ParseMetricLine(string path, string line)
    {
        var parts = line.Split(' ');
        if (parts.Length is not (2 or 3 or 5)) throw new TrackingException($"{path}: metric line '{line}' is not 'timestamp value step'");
        var value = parts[1] switch
        {
            "nan" or "NaN" => double.NaN,
            "inf" or "Infinity" => double.PositiveInfinity,
            "-inf" or "-Infinity" => double.NegativeInfinity,
            var text => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
        };
        return new MetricPoint(long.Parse(parts[0], CultureInfo.InvariantCulture), value, parts.Length > 2 ? long.Parse(parts[2], CultureInfo.InvariantCulture) : 0);
    }

    private static IEnumerable<(string Key, string Path)> Keys(string folder)
    {
        if (!Directory.Exists(folder)) yield break;
        foreach (var file in Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (Path.GetFileName(file).StartsWith(".nbtools-tmp-", StringComparison.Ordinal)) continue;
            yield return (Path.GetRelativePath(folder, file).Replace(Path.DirectorySeparatorChar, '/'), file);
        }
    }

    private string KeyPath(string runId, string kind, string key) => Path.Combine(RunFolder(runId), kind, key.Replace('/', Path.DirectorySeparatorChar));

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

    private void WriteExperiment(string id, string name, long time)
    {
        var folder = Path.Combine(Root, id);
        Directory.CreateDirectory(folder);
        WriteAtomic(Path.Combine(folder, "meta.yaml"), PyYaml.Dump(new Dictionary<string, object?>
        {
            ["artifact_location"] = new Uri(folder).AbsoluteUri,
            ["creation_time"] = time,
            ["experiment_id"] = id,
            ["last_update_time"] = time,
            ["lifecycle_stage"] = "active",
            ["name"] = name,
        }));
    }

    private static void WriteRunMeta(string folder, Dictionary<string, object?> values) => WriteAtomic(Path.Combine(folder, "meta.yaml"), PyYaml.Dump(values));

    private static Dictionary<string, object?> RunMetaValues(Dictionary<string, string?> meta)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in meta)
        {
            values[key] = key switch
            {
                "tags" => Array.Empty<string>(),
                "end_time" or "start_time" or "status" or "source_type" or "deleted_time" => Long(value),
                _ => value ?? "",
            };
        }
        return values;
    }

    private static void WriteAtomic(string path, string text)
    {
        var temp = Path.Combine(Path.GetDirectoryName(path)!, ".nbtools-tmp-" + Guid.NewGuid().ToString("N"));
        File.WriteAllBytes(temp, Encoding.UTF8.GetBytes(text));
        File.Move(temp, path, overwrite: true);
    }

    private static string ReadText(string path)
    {
        string text = "";
        Retry(() => text = File.ReadAllText(path, Encoding.UTF8));
        return text;
    }

    private static Dictionary<string, string?> ReadYaml(string path)
    {
        try
        {
            return Yaml.Deserialize<Dictionary<string, object?>>(ReadText(path))
                ?.ToDictionary(p => p.Key, p => p.Value is string or null ? (string?)p.Value : p.Value.ToString(), StringComparer.Ordinal)
                ?? [];
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new TrackingException($"{path}: not MLflow meta.yaml ({e.Message}) (line {e.Start.Line})");
        }
    }

    private static string? Get(Dictionary<string, string?> yaml, string key) => yaml.TryGetValue(key, out var value) ? value : null;

    private static long? Long(string? text) => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    private T WithStoreLock<T>(Func<T> action)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                using var lockStream = new FileStream(Path.Combine(Root, LockFile), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                return action();
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(Random.Shared.Next(5, 25));
            }
        }
    }

    private void WithStoreLock(Action action) => WithStoreLock<int>(() => { action(); return 0; });

    /// <summary>Retries an action that another process may briefly block (a file held exclusively).</summary>
    private static void Retry(Action action)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                action();
                return;
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(Random.Shared.Next(1, 10));
            }
        }
    }

    internal static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
}
