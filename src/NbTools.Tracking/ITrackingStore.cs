namespace NbTools.Tracking;

/// <summary>
/// Where a run's data goes: MLflow's file store or an MLflow tracking server. A store checks keys
/// with <see cref="MlflowRules"/> before it writes or sends anything.
/// </summary>
public interface ITrackingStore
{
    /// <summary>The store's location (a folder or a server URL), for messages.</summary>
    string Location { get; }

    /// <summary>The id of the experiment with this name, created when there is none.</summary>
    string GetOrCreateExperiment(string name);

    /// <summary>Creates a RUNNING run with its tags; returns its id.</summary>
    string CreateRun(string experimentId, string? runName, string userId, long startTime, IReadOnlyDictionary<string, string> tags);

    /// <summary>Logs params (immutable: the same value again is fine, another value is an error).</summary>
    void LogParams(string runId, IReadOnlyList<KeyValuePair<string, string>> values);

    /// <summary>Logs one metric point (a server store may buffer it until <see cref="Flush"/> or the end of the run).</summary>
    void LogMetric(string runId, string key, double value, long timestamp, long step);

    /// <summary>Sets a run tag.</summary>
    void SetTag(string runId, string key, string value);

    /// <summary>Stores one file as the run's artifact at a relative path ('/'-separated).</summary>
    void LogArtifact(string runId, string localFile, string artifactPath);

    /// <summary>
    /// Records a dataset the run used (MLflow's dataset inputs: name, digest ≤ 36 characters, source
    /// type and source, and the context such as "training"), as MLflow does: <c>runs/log-inputs</c> on a
    /// server, <c>&lt;exp&gt;/datasets/</c> and <c>&lt;run&gt;/inputs/</c> in the file store.
    /// </summary>
    void LogDatasetInput(string runId, string name, string digest, string sourceType, string source, string context);

    /// <summary>The URI under which the run's artifacts are stored (file:///… or mlflow-artifacts:/…).</summary>
    string ArtifactUri(string runId);

    /// <summary>Sends what is buffered.</summary>
    void Flush();

    /// <summary>Flushes, then ends the run with a status and end time.</summary>
    void EndRun(string runId, RunStatus status, long endTime);
}
