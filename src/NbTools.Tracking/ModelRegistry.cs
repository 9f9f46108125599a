using System.Text.RegularExpressions;

namespace NbTools.Tracking;

/// <summary>A registered model's version.</summary>
/// <param name="Name">Registered model name.</param>
/// <param name="Version">Version number (1, 2, …).</param>
/// <param name="Source">Where the model's files are (an artifact URI).</param>
/// <param name="RunId">The run that produced it.</param>
public sealed record ModelVersionInfo(string Name, int Version, string Source, string? RunId);

/// <summary>
/// MLflow's model registry: named models with numbered versions and aliases (e.g. <c>production</c>)
/// that point at one version. Rolling a model back is moving its alias back to an earlier version.
/// </summary>
public interface IModelRegistry
{
    /// <summary>Registers a new version of the named model (creating the model when it is new).</summary>
    ModelVersionInfo CreateModelVersion(string name, string source, string? runId);

    /// <summary>Points an alias at a version.</summary>
    void SetAlias(string name, string alias, int version);

    /// <summary>The version an alias points at, or null.</summary>
    ModelVersionInfo? GetByAlias(string name, string alias);

    /// <summary>Removes an alias.</summary>
    void DeleteAlias(string name, string alias);
}

/// <summary>MLflow's rules for registry names and aliases.</summary>
public static partial class RegistryRules
{
    [GeneratedRegex(@"^[\w\-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex AliasPattern();

    [GeneratedRegex(@"^v\d+$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex VersionLike();

    /// <summary>Throws for a model name MLflow's file registry refuses.</summary>
    public static void CheckModelName(string name)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new TrackingException("registered model name is empty");
        if (name.Contains('/') || name.Contains('\\') || name.Contains('%') || name is "." or "..") throw new TrackingException($"registered model name '{name}' may not contain '/', '\\' or '%'");
    }

    /// <summary>Throws for an alias MLflow refuses.</summary>
    public static void CheckAlias(string alias)
    {
        if (string.IsNullOrEmpty(alias) || alias.Length > 255 || !AliasPattern().IsMatch(alias)) throw new TrackingException($"alias '{alias}' must be 1-255 letters, digits, '_' or '-'");
        if (alias.Equals("latest", StringComparison.OrdinalIgnoreCase) || VersionLike().IsMatch(alias)) throw new TrackingException($"alias '{alias}' is reserved by MLflow ('latest' and 'v<number>' name versions)");
    }
}
