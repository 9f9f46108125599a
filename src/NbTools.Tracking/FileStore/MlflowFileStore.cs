using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using static NbTools.Tracking.FileStore.StoreFiles;

namespace NbTools.Tracking.FileStore;

/// <summary>
/// MLflow's file store (<c>mlruns/</c>), written exactly as MLflow 2.x writes it and read back:
/// <c>&lt;exp&gt;/meta.yaml</c>, <c>&lt;exp&gt;/&lt;run&gt;/{meta.yaml,params/,metrics/,tags/,artifacts/,inputs/}</c>,
/// <c>&lt;exp&gt;/datasets/</c> and the registry's <c>models/</c>. Safe for several processes at once:
/// files are replaced by rename, params created exclusively, metric lines appended under an exclusive
/// lock, experiments created under a store-wide lock. <see cref="OpenForReading"/> opens a store that
/// must exist and writes nothing to it.
/// </summary>
public sealed partial class MlflowFileStore : ITrackingStore, IModelRegistry, IRunReader
{
    private const string DefaultExperimentId = "0";
    private const string LockFile = ".nbtools-lock";
    private readonly Dictionary<string, string> runFolders = new(StringComparer.Ordinal);
    private readonly bool readOnly;

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

    private MlflowFileStore(string root, bool readOnly)
    {
        Root = Path.GetFullPath(root);
        this.readOnly = readOnly;
    }

    /// <summary>
    /// Opens an existing store to read it: creates nothing (no <c>0/</c>, <c>.trash/</c> or lock file),
    /// and refuses a folder that is missing or holds neither an experiment (<c>&lt;id&gt;/meta.yaml</c>)
    /// nor a model registry (<c>models/</c>). Logging to it is refused.
    /// </summary>
    public static MlflowFileStore OpenForReading(string root)
    {
        var full = Path.GetFullPath(root);
        if (!Directory.Exists(full)) throw new TrackingException($"{full}: no such store (a folder of runs, as MLflow's mlruns/)");
        var isStore = Directory.Exists(Path.Combine(full, "models")) || Directory.EnumerateDirectories(full).Any(d => !Path.GetFileName(d).StartsWith('.') && IsExperimentMeta(Path.Combine(d, "meta.yaml")));
        if (!isStore) throw new TrackingException($"{full}: not an MLflow store (no experiment folder with a meta.yaml such as 0/meta.yaml, and no models/)");
        return new MlflowFileStore(full, readOnly: true);
    }

    private static bool IsExperimentMeta(string path) => File.Exists(path) && ReadYaml(path) is var yaml && yaml.ContainsKey("experiment_id") && yaml.ContainsKey("name");

    /// <summary>The store's folder.</summary>
    public string Root { get; }

    /// <inheritdoc/>
    public string Location => Root;

    private void Writable()
    {
        if (readOnly) throw new TrackingException($"{Root}: the store was opened for reading; open it with Tracker.Open to log to it");
    }

    /// <inheritdoc/>
    public void LogParams(string runId, IReadOnlyList<KeyValuePair<string, string>> values)
    {
        foreach (var (key, _) in values) MlflowRules.CheckKey("param", key); // all before any is written
        foreach (var (key, value) in values) LogParam(runId, key, value);
    }

    /// <inheritdoc/>
    public void LogArtifact(string runId, string localFile, string artifactPath)
    {
        Writable();
        MlflowRules.CheckKey("artifact path", artifactPath);
        var destination = Path.Combine(ArtifactFolder(runId), artifactPath.Replace('/', Path.DirectorySeparatorChar));
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        var temp = Path.Combine(Path.GetDirectoryName(destination)!, TempPrefix + Guid.NewGuid().ToString("N"));
        File.Copy(localFile, temp);
        File.Move(temp, destination, overwrite: true);
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
        Writable();
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

    /// <summary>Creates a RUNNING run with its tags.</summary>
    public string CreateRun(string experimentId, string? runName, string userId, long startTime, IReadOnlyDictionary<string, string> tags)
    {
        Writable();
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
        Writable();
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
        Writable();
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
        Writable();
        MlflowRules.CheckKey("tag", key);
        var path = KeyPath(runId, "tags", key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        WriteAtomic(path, MlflowRules.Truncate(value, MlflowRules.MaxTagValueLength));
    }

    /// <summary>Ends the run with a status and end time.</summary>
    public void EndRun(string runId, RunStatus status, long endTime)
    {
        Writable();
        var folder = RunFolder(runId);
        var values = RunMetaValues(ReadYaml(Path.Combine(folder, "meta.yaml")));
        values["status"] = (long)status;
        values["end_time"] = endTime;
        WriteRunMeta(folder, values);
    }

    /// <summary>The folder a run's artifacts go to.</summary>
    public string ArtifactFolder(string runId) => Path.Combine(RunFolder(runId), "artifacts");

    /// <summary>The artifact URI of a run (file:///…/artifacts).</summary>
    public string ArtifactUri(string runId) => new Uri(ArtifactFolder(runId)).AbsoluteUri;

    private string KeyPath(string runId, string kind, string key) => Path.Combine(RunFolder(runId), kind, key.Replace('/', Path.DirectorySeparatorChar));

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

    private static Dictionary<string, object?> RunMetaValues(Dictionary<string, object?> meta)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in meta)
        {
            values[key] = key switch
            {
                "tags" => Array.Empty<string>(),
                "end_time" or "start_time" or "status" or "source_type" or "deleted_time" => Long(value as string),
                _ => value as string ?? "",
            };
        }
        return values;
    }

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

    internal static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
}
