namespace NbTools.Tracking;

/// <summary>One version of a registered model as the registry lists it.</summary>
/// <param name="Name">Registered model name.</param>
/// <param name="Version">Version number.</param>
/// <param name="Source">Where the model's files are (an artifact URI).</param>
/// <param name="RunId">The run that produced it, when known.</param>
/// <param name="CreationTime">When it was registered (milliseconds since the epoch), when the store says.</param>
/// <param name="Stage">MLflow's (deprecated) stage: None, Staging, Production or Archived.</param>
public sealed record ModelVersionRecord(string Name, int Version, string Source, string? RunId, long? CreationTime, string Stage);
