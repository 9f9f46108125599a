using System.Text.RegularExpressions;

namespace NbTools.Tracking;

/// <summary>MLflow's rules for names and values (mlflow/utils/validation.py), checked before anything is written.</summary>
public static partial class MlflowRules
{
    /// <summary>Longest key of a param, metric or tag.</summary>
    public const int MaxKeyLength = 250;

    /// <summary>Longest param value (longer values are truncated, as MLflow does by default).</summary>
    public const int MaxParamValueLength = 6000;

    /// <summary>Longest tag value (longer values are truncated).</summary>
    public const int MaxTagValueLength = 8000;

    /// <summary>Longest experiment name.</summary>
    public const int MaxExperimentNameLength = 500;

    /// <summary>Longest dataset name.</summary>
    public const int MaxDatasetNameLength = 500;

    /// <summary>Longest dataset digest (a DVC folder digest, md5 + ".dir", is exactly this long).</summary>
    public const int MaxDatasetDigestLength = 36;

    [GeneratedRegex(@"^[/\w.\- :]*$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyPattern();

    /// <summary>Throws when <paramref name="key"/> is not a valid param, metric or tag name.</summary>
    public static void CheckKey(string kind, string key)
    {
        if (string.IsNullOrEmpty(key)) throw new TrackingException($"{kind} name is empty");
        if (key.Length > MaxKeyLength) throw new TrackingException($"{kind} name '{key[..40]}…' is {key.Length} characters; MLflow allows {MaxKeyLength}");
        if (!KeyPattern().IsMatch(key)) throw new TrackingException($"{kind} name '{key}' may only hold letters, digits, '_', '-', '.', ' ', ':' and '/'");
        // Keys become paths (a/b → a/b): they must be normalized relative paths.
        if (key.StartsWith('/') || key.Contains("//", StringComparison.Ordinal) || key == "." || key.Split('/').Any(part => part is ".." or "." ) || key.EndsWith('/'))
        {
            throw new TrackingException($"{kind} name '{key}' is not a normalized relative path (no leading '/', '//', '.' or '..' parts)");
        }
    }

    /// <summary>The value as MLflow stores it: truncated to the limit.</summary>
    public static string Truncate(string value, int limit) => value.Length <= limit ? value : value[..limit];

    /// <summary>Throws when the experiment name is not valid.</summary>
    public static void CheckExperimentName(string name)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new TrackingException("experiment name is empty");
        if (name.Length > MaxExperimentNameLength) throw new TrackingException($"experiment name is {name.Length} characters; MLflow allows {MaxExperimentNameLength}");
    }

    /// <summary>Throws when a dataset input's name or digest is empty or longer than MLflow allows.</summary>
    public static void CheckDataset(string name, string digest)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxDatasetNameLength) throw new TrackingException($"dataset name must be 1-{MaxDatasetNameLength} characters");
        if (string.IsNullOrEmpty(digest) || digest.Length > MaxDatasetDigestLength) throw new TrackingException($"dataset '{name}': digest '{digest}' must be 1-{MaxDatasetDigestLength} characters (MLflow's limit)");
    }
}
