namespace NbTools.Core.Stripping;

/// <summary>What <c>nbtools strip</c> keeps.</summary>
/// <param name="KeepOutputs">Keep outputs.</param>
/// <param name="KeepCount">Keep execution counts.</param>
/// <param name="KeepMetadata">Volatile metadata keys to keep.</param>
public sealed record StripOptions(bool KeepOutputs = false, bool KeepCount = false, IReadOnlyCollection<string>? KeepMetadata = null);
