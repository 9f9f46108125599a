using NbTools.Tracking.FileStore;

namespace NbTools.Tracking;

/// <summary>Reads runs back: from MLflow's file store or from an MLflow tracking server.</summary>
public interface IRunReader
{
    /// <summary>The store's location (a folder or a server URL), for messages.</summary>
    string Location { get; }

    /// <summary>Every active experiment.</summary>
    IReadOnlyList<ExperimentInfo> Experiments();

    /// <summary>The runs of one experiment (or of all), newest first. A server gives each metric's latest point only; <see cref="GetRun"/> has the histories.</summary>
    IReadOnlyList<RunRecord> Runs(string? experimentName = null);

    /// <summary>One run with every metric's full history.</summary>
    RunRecord GetRun(string runId);
}
