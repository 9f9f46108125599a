using NbTools.Tracking;

namespace NbTools.Interactive.Formatting;

/// <summary>A run as its store holds it now, rendered as a summary.</summary>
internal static class StoredRun
{
    public static Rendered Summary(Tracker tracker, string runId)
    {
        var reader = tracker.Store as IRunReader ?? throw new TrackingException($"{tracker.Store.Location}: runs cannot be read from this store");
        var run = reader.GetRun(runId);
        var experiment = reader.Experiments().FirstOrDefault(e => e.Id == run.ExperimentId)?.Name;
        return RunTables.Summary(run, experiment);
    }
}
