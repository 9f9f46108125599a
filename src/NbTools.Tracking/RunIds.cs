using NbTools.Tracking.FileStore;

namespace NbTools.Tracking;

/// <summary>Run ids as people type them: a whole id or a prefix that only one run's id starts with.</summary>
public static class RunIds
{
    /// <summary>The run among <paramref name="runs"/> (read from <paramref name="reader"/>) whose id starts with <paramref name="prefix"/>; refused when none or several do.</summary>
    public static RunRecord Resolve(IRunReader reader, IReadOnlyList<RunRecord> runs, string prefix)
    {
        var matches = runs.Where(r => r.RunId.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        if (matches.Count == 0) throw new TrackingException($"{reader.Location}: no run {prefix}");
        if (matches.Count > 1) throw new TrackingException($"{reader.Location}: '{prefix}' matches {matches.Count} runs; give more of the id");
        return matches[0];
    }
}
