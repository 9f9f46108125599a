using Microsoft.DotNet.Interactive.Formatting;
using NbTools.Interactive.Display;
using NbTools.Interactive.Sessions;
using NbTools.Tracking;
using NbTools.Tracking.FileStore;
using NbTools.Tracking.Reports;

namespace NbTools.Interactive.Formatting;

/// <summary>
/// HTML and plain-text formatters for NbTools.Tracking's types, so a run, a list of runs or a
/// comparison shows as a table when it is a cell's last expression.
/// </summary>
internal static class TrackingFormatters
{
    public static void Register()
    {
        Formatter.Register<Run>((run, writer) => writer.Write(Of(run).Html), "text/html");
        Formatter.Register<Run>((run, writer) => writer.Write(Of(run).Text), "text/plain");
        Formatter.Register<RunRecord>((run, writer) => writer.Write(RunTables.Summary(run).Html), "text/html");
        Formatter.Register<RunRecord>((run, writer) => writer.Write(RunTables.Summary(run).Text), "text/plain");
        Formatter.Register<IEnumerable<RunRecord>>((runs, writer) => writer.Write(RunTables.List(runs.ToList()).Html), "text/html");
        Formatter.Register<IEnumerable<RunRecord>>((runs, writer) => writer.Write(RunTables.List(runs.ToList()).Text), "text/plain");
        Formatter.Register<RunComparison>((comparison, writer) => writer.Write(HtmlParts.SandboxedPage(comparison.ToHtml(), "Run comparison", 900)), "text/html");
        Formatter.Register<RunComparison>((comparison, writer) => writer.Write(comparison.ToText()), "text/plain");
    }

    /// <summary>A run the extension started shows what its store holds now; any other run shows its ids.</summary>
    private static Rendered Of(Run run)
    {
        if (ExperimentSession.TrackerOfRun.TryGetValue(run.Id, out var tracker))
        {
            try
            {
                return StoredRun.Summary(tracker, run.Id);
            }
            catch (Exception ex) when (ex is TrackingException or IOException or UnauthorizedAccessException or HttpRequestException)
            {
                // fall through: the ids are still worth showing
            }
        }
        IReadOnlyList<string>[] rows = [["run", run.Id], ["name", run.Name ?? ""], ["experiment", run.ExperimentId]];
        return new(HtmlParts.Table("nbtools-run", null, rows), TextTable.Render(null, rows));
    }
}
