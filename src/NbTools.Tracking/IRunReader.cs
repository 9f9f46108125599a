using NbTools.Tracking.FileStore;

namespace NbTools.Tracking;

/// <summary>Reads runs back: from MLflow's file store or from an MLflow tracking server. Reading never writes.</summary>
public interface IRunReader
{
    /// <summary>The store's location (a folder or a server URL), for messages.</summary>
    string Location { get; }

    /// <summary>Every active experiment.</summary>
    IReadOnlyList<ExperimentInfo> Experiments();

    /// <summary>The runs of one experiment (or of all), newest first. A server gives each metric's latest point only; <see cref="GetRun"/> has the histories.</summary>
    IReadOnlyList<RunRecord> Runs(string? experimentName = null);

    /// <summary>One run with every metric's full history and its dataset inputs.</summary>
    RunRecord GetRun(string runId);

    /// <summary>The run's artifact files, every level, sorted by path (empty when the store cannot list them).</summary>
    IReadOnlyList<ArtifactFile> Artifacts(string runId) => [];
}
