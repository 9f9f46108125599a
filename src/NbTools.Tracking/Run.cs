using System.Globalization;
using NbTools.Tracking.FileStore;
using NbTools.Tracking.Versions;

namespace NbTools.Tracking;

/// <summary>
/// One run: params (immutable), metrics (series over steps), tags, artifacts and datasets. End it
/// with <see cref="End"/>; disposing a run that was not ended ends it FINISHED (use
/// <see cref="Tracker.Track{T}"/> to get FAILED when the work throws).
/// </summary>
public sealed class Run : IDisposable
{
    private readonly MlflowFileStore store;
    private bool ended;

    internal Run(MlflowFileStore store, string id, string experimentId, string? name)
    {
        this.store = store;
        Id = id;
        ExperimentId = experimentId;
        Name = name;
    }

    /// <summary>The run id (32 hex digits).</summary>
    public string Id { get; }

    /// <summary>The experiment's id.</summary>
    public string ExperimentId { get; }

    /// <summary>The run name.</summary>
    public string? Name { get; }

    /// <summary>Logs a hyperparameter (numbers in invariant culture).</summary>
    public Run LogParam(string key, object value)
    {
        store.LogParam(Id, key, Convert.ToString(value, CultureInfo.InvariantCulture) ?? "");
        return this;
    }

    /// <summary>Logs several params.</summary>
    public Run LogParams(IEnumerable<KeyValuePair<string, object>> values)
    {
        foreach (var (key, value) in values) LogParam(key, value);
        return this;
    }

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

    /// <summary>Copies a file or a folder into the run's artifacts (under <paramref name="artifactPath"/> when given).</summary>
    public Run LogArtifact(string path, string? artifactPath = null)
    {
        var target = store.ArtifactFolder(Id);
        if (artifactPath is not null)
        {
            MlflowRules.CheckKey("artifact path", artifactPath);
            target = Path.Combine(target, artifactPath.Replace('/', Path.DirectorySeparatorChar));
        }
        Directory.CreateDirectory(target);
        if (File.Exists(path)) CopyAtomic(path, Path.Combine(target, Path.GetFileName(path)));
        else if (Directory.Exists(path))
        {
            var root = Path.Combine(target, Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(path))));
            foreach (var file in Directory.GetFiles(path, "*", SearchOption.AllDirectories))
            {
                var destination = Path.Combine(root, Path.GetRelativePath(path, file));
                Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                CopyAtomic(file, destination);
            }
        }
        else throw new TrackingException($"{path}: no such file or folder to log as an artifact");
        return this;
    }

    /// <summary>
    /// Records the version of a dataset: its DVC digest (md5 of a file; md5 of the manifest plus
    /// ".dir" for a folder), its path, the context (training, evaluation…) and, when a <c>.dvc</c>
    /// file sits beside it, the digest and path DVC recorded (so a changed-but-not-added dataset shows).
    /// </summary>
    public Run LogDataset(string path, string context = "training", string? name = null)
    {
        var full = Path.GetFullPath(path);
        name ??= Path.GetFileName(Path.TrimEndingDirectorySeparator(full));
        var key = "nbtools.dataset." + Sanitize(name);
        var digest = DvcDigest.Of(full);
        SetTag(key + ".digest", digest);
        SetTag(key + ".source", full);
        SetTag(key + ".context", context);
        LogParam("dvc." + Sanitize(name) + ".md5", digest);
        if (DvcDigest.Recorded(full) is { } recorded)
        {
            SetTag(key + ".dvc_md5", recorded.Md5);
            SetTag(key + ".dvc_file", recorded.DvcFile);
            SetTag(key + ".dvc_matches", recorded.Md5 == digest ? "true" : "false");
        }
        return this;
    }

    /// <summary>Ends the run.</summary>
    public void End(RunStatus status = RunStatus.Finished)
    {
        if (ended) return;
        store.EndRun(Id, status, MlflowFileStore.Now());
        ended = true;
    }

    /// <summary>Ends the run FINISHED if it was not ended.</summary>
    public void Dispose() => End();

    private static string Sanitize(string name) => new(name.Select(c => char.IsLetterOrDigit(c) || c is '_' or '-' or '.' ? c : '_').ToArray());

    private static void CopyAtomic(string source, string destination)
    {
        var temp = Path.Combine(Path.GetDirectoryName(destination)!, ".nbtools-tmp-" + Guid.NewGuid().ToString("N"));
        File.Copy(source, temp);
        File.Move(temp, destination, overwrite: true);
    }
}
