namespace NbTools.Tracking.FileStore;

/// <summary>An experiment as the store holds it.</summary>
public sealed record ExperimentInfo(string Id, string Name, string ArtifactLocation, string LifecycleStage, long? CreationTime);

/// <summary>A metric point.</summary>
public sealed record MetricPoint(long Timestamp, double Value, long Step);

/// <summary>
/// A dataset a run used, as MLflow records a dataset input: name, digest (≤ 36 characters; NbTools
/// puts the DVC digest here), source type and source (NbTools: <c>dvc</c> or <c>local</c> and a JSON
/// object with the path, the <c>.dvc</c> file and git revision), optional schema and profile, and the
/// context tag (<c>mlflow.data.context</c>: training, evaluation…).
/// </summary>
public sealed record DatasetInput(string Name, string Digest, string SourceType, string Source, string? Context, string? Schema = null, string? Profile = null);

/// <summary>One file among a run's artifacts: its path relative to the artifact root ('/'-separated) and size in bytes.</summary>
public sealed record ArtifactFile(string Path, long Size);

/// <summary>A run read back from the store: info, params, metric histories, tags (and <see cref="Inputs"/>).</summary>
public sealed record RunRecord(
    string RunId, string ExperimentId, string? RunName, RunStatus Status, long StartTime, long? EndTime, string UserId, string ArtifactUri,
    IReadOnlyDictionary<string, string> Params, IReadOnlyDictionary<string, IReadOnlyList<MetricPoint>> Metrics, IReadOnlyDictionary<string, string> Tags)
{
    /// <summary>The latest value of each metric: the point with the greatest (step, timestamp), as MLflow picks it.</summary>
    public IReadOnlyDictionary<string, double> LatestMetrics =>
        Metrics.ToDictionary(m => m.Key, m => m.Value.OrderBy(p => p.Step).ThenBy(p => p.Timestamp).Last().Value, StringComparer.Ordinal);

    /// <summary>The datasets the run used (MLflow's dataset inputs), in the order the store gives them.</summary>
    public IReadOnlyList<DatasetInput> Inputs { get; init; } = [];
}
