namespace NbTools.Tracking;

/// <summary>A registered model as the registry lists it.</summary>
/// <param name="Name">Registered model name.</param>
/// <param name="CreationTime">When it was created (milliseconds since the epoch), when the store says.</param>
/// <param name="LastUpdatedTime">When it last changed (milliseconds since the epoch), when the store says.</param>
/// <param name="Tags">The registered model's tags (MLflow's registered-model tags).</param>
/// <param name="Aliases">Each alias and the version it points at.</param>
/// <param name="LatestVersion">The highest version number, or null when it has no version.</param>
public sealed record RegisteredModelInfo(
    string Name,
    long? CreationTime,
    long? LastUpdatedTime,
    IReadOnlyDictionary<string, string> Tags,
    IReadOnlyDictionary<string, int> Aliases,
    int? LatestVersion);
