namespace NbTools.Tracking;

/// <summary>MLflow's run states, with MLflow's numbers (service.proto).</summary>
public enum RunStatus
{
    /// <summary>Started and not ended.</summary>
    Running = 1,

    /// <summary>Scheduled, not started.</summary>
    Scheduled = 2,

    /// <summary>Ended normally.</summary>
    Finished = 3,

    /// <summary>The work threw.</summary>
    Failed = 4,

    /// <summary>Stopped from outside.</summary>
    Killed = 5,
}
