using System.Globalization;
using NbTools.Tracking.Versions;

namespace NbTools.Tracking;

/// <summary>
/// One run: params (immutable), metrics (series over steps), tags, artifacts and datasets. End it
/// with <see cref="End"/>; disposing a run that was not ended ends it FINISHED (use
/// <see cref="Tracker.Track{T}"/> to get FAILED when the work throws).
/// </summary>
public sealed class Run : IDisposable
{
    private readonly ITrackingStore store;
    private bool ended;

    internal Run(ITrackingStore store, string id, string experimentId, string? name, IReadOnlyDictionary<string, string>? sourceTags = null)
    {
        this.store = store;
        Id = id;
        ExperimentId = experimentId;
        Name = name;
        SourceTags = sourceTags ?? new Dictionary<string, string>();
    }

    /// <summary>The tags that say where the run's code came from (source name and type, digest, git): a nested run started without a source of its own inherits them.</summary>
    internal IReadOnlyDictionary<string, string> SourceTags { get; }

    /// <summary>The run id (32 hex digits).</summary>
    public string Id { get; }

    /// <summary>The experiment's id.</summary>
    public string ExperimentId { get; }

    /// <summary>The run name.</summary>
    public string? Name { get; }

    /// <summary>Logs a hyperparameter (numbers in invariant culture).</summary>
    public Run LogParam(string key, object value)
    {
        store.LogParams(Id, [new(key, Text(value))]);
        return this;
    }

    /// <summary>Logs several params at once (one request per 100 on a server).</summary>
    public Run LogParams(IEnumerable<KeyValuePair<string, object>> values)
    {
        store.LogParams(Id, values.Select(p => new KeyValuePair<string, string>(p.Key, Text(p.Value))).ToList());
        return this;
    }

    private static string Text(object value) => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";

    /// <summary>Logs one point of a metric.</summary>
    public Run LogMetric(string key, double value, long step = 0, DateTimeOffset? time = null)
    {
        store.LogMetric(Id, key, value, (time ?? DateTimeOffset.UtcNow).ToUnixTimeMilliseconds(), step);
        return this;
    }

    /// <summary>Sets a tag.</summary>
    public Run SetTag(string key, string value)
    {
        store.SetTag(Id, key, value);
        return this;
    }

    /// <summary>Stores a file or a folder as the run's artifacts (under <paramref name="artifactPath"/> when given).</summary>
    public Run LogArtifact(string path, string? artifactPath = null)
    {
        var prefix = artifactPath is null ? "" : artifactPath.TrimEnd('/') + "/";
        if (File.Exists(path)) store.LogArtifact(Id, path, prefix + Path.GetFileName(path));
        else if (Directory.Exists(path))
        {
            var folderName = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(path)));
            foreach (var file in Directory.GetFiles(path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                store.LogArtifact(Id, file, prefix + folderName + "/" + Path.GetRelativePath(path, file).Replace(Path.DirectorySeparatorChar, '/'));
            }
        }
        else throw new TrackingException($"{path}: no such file or folder to log as an artifact");
        return this;
    }

    /// <summary>
    /// Registers the model this run logged under <paramref name="artifactPath"/> (see
    /// <see cref="LogArtifact"/>) as a new version of the registered model <paramref name="name"/>,
    /// and, when <paramref name="alias"/> is given, points that alias (e.g. "staging") at it.
    /// </summary>
    public ModelVersionInfo RegisterModel(string artifactPath, string name, string? alias = null)
    {
        if (store is not IModelRegistry registry) throw new TrackingException($"{store.Location}: this store has no model registry");
        MlflowRules.CheckKey("artifact path", artifactPath);
        var version = registry.CreateModelVersion(name, store.ArtifactUri(Id).TrimEnd('/') + "/" + artifactPath, Id);
        if (alias is not null) registry.SetAlias(name, alias, version.Version);
        return version;
    }

    /// <summary>Sends buffered metrics now (a server store sends them in batches; the file store writes at once).</summary>
    public void Flush() => store.Flush();

    /// <summary>
    /// Records the version of a dataset as an MLflow dataset input (what MLflow's UI, server and
    /// <c>get_run(...).inputs</c> show): its DVC digest as the digest (md5 of a file; md5 of the manifest
    /// plus ".dir", 36 characters, for a folder), the context (training, evaluation…), and as source a JSON
    /// object with its path, the git revision and – when a <c>.dvc</c> file sits beside it, making the
    /// source type <c>dvc</c> – the <c>.dvc</c> file and the digest DVC recorded (so a changed-but-not-added
    /// dataset shows). The digest is also logged as the param <c>dvc.&lt;name&gt;.md5</c>, so runs can be
    /// filtered and compared by data version.
    /// </summary>
    public Run LogDataset(string path, string context = "training", string? name = null)
    {
        var full = Path.GetFullPath(path);
        name ??= Path.GetFileName(Path.TrimEndingDirectorySeparator(full));
        var digest = DvcDigest.Of(full);
        var source = new System.Text.Json.Nodes.JsonObject { ["path"] = full };
        if (DvcDigest.Recorded(full) is { } recorded)
        {
            source["dvc_file"] = recorded.DvcFile;
            source["dvc_md5"] = recorded.Md5;
        }
        if (GitInfo.Capture(Path.GetDirectoryName(full) ?? ".") is { } git) source["rev"] = git.Commit;
        MlflowRules.CheckDataset(name, digest);
        LogParam("dvc." + Sanitize(name) + ".md5", digest);
        store.LogDatasetInput(Id, name, digest, source.ContainsKey("dvc_md5") ? "dvc" : "local", source.ToJsonString(), context);
        return this;
    }

    /// <summary>Ends the run.</summary>
    public void End(RunStatus status = RunStatus.Finished)
    {
        if (ended) return;
        store.EndRun(Id, status, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        ended = true;
    }

    /// <summary>Ends the run FINISHED if it was not ended.</summary>
    public void Dispose() => End();

    private static string Sanitize(string name) => new(name.Select(c => char.IsLetterOrDigit(c) || c is '_' or '-' or '.' ? c : '_').ToArray());
}
