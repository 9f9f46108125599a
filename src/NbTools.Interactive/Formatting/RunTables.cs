using NbTools.Interactive.Display;
using NbTools.Tracking.FileStore;
using NbTools.Tracking.Reports;

namespace NbTools.Interactive.Formatting;

/// <summary>Runs as tables: a list of runs (one row each) and one run's summary. Link-free: ids, names, values.</summary>
internal static class RunTables
{
    private static readonly string[] ListHeader = ["run", "experiment", "name", "status", "start (UTC)", "duration", "params", "metrics", "commit"];

    /// <summary>The runs, one row each, in the order given.</summary>
    public static Rendered List(IReadOnlyList<RunRecord> runs, IReadOnlyDictionary<string, string>? experimentNames = null)
    {
        if (runs.Count == 0) return new(HtmlParts.Paragraph("no runs"), "no runs\n");
        var rows = runs.Select(run => (IReadOnlyList<string>)
        [
            run.RunId[..Math.Min(8, run.RunId.Length)],
            experimentNames?.GetValueOrDefault(run.ExperimentId) ?? run.ExperimentId,
            run.RunName ?? "",
            Status(run),
            RunText.Start(run.StartTime),
            Duration(run),
            string.Join(" ", run.Params.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}")),
            string.Join(" ", run.LatestMetrics.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{m.Key}={RunText.Number(m.Value)}")),
            Commit(run),
        ]).ToList();
        return new(HtmlParts.Table("nbtools-runs", ListHeader, rows), TextTable.Render(ListHeader, rows));
    }

    /// <summary>One run: info, every param, each metric's latest value, and the failed-cell tags.</summary>
    public static Rendered Summary(RunRecord run, string? experimentName = null)
    {
        var rows = new List<IReadOnlyList<string>>
        {
            new[] { "run", run.RunId },
            new[] { "name", run.RunName ?? "" },
            new[] { "experiment", experimentName is null ? run.ExperimentId : $"{experimentName} ({run.ExperimentId})" },
            new[] { "status", Status(run) },
            new[] { "start (UTC)", RunText.Start(run.StartTime) },
        };
        if (run.EndTime is not null) rows.Add(["duration", Duration(run)]);
        if (Commit(run) is { Length: > 0 } commit) rows.Add(["commit", commit]);
        foreach (var (key, value) in run.Params.OrderBy(p => p.Key, StringComparer.Ordinal)) rows.Add(["param " + key, value]);
        foreach (var (key, value) in run.LatestMetrics.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            var points = run.Metrics[key].Count;
            rows.Add(["metric " + key, RunText.Number(value) + (points > 1 ? $" (latest of {points})" : "")]);
        }
        if (run.Tags.TryGetValue("nbtools.failed_cells", out var failed)) rows.Add(["failed cells", $"{failed}: {run.Tags.GetValueOrDefault("nbtools.last_error")}"]);
        return new(HtmlParts.Table("nbtools-run", null, rows), TextTable.Render(null, rows));
    }

    private static string Status(RunRecord run) => run.Status.ToString().ToUpperInvariant();

    private static string Duration(RunRecord run) => run.EndTime is { } end ? RunText.Duration(end - run.StartTime) : "";

    private static string Commit(RunRecord run) =>
        run.Tags.TryGetValue("mlflow.source.git.commit", out var commit) ? commit[..Math.Min(10, commit.Length)] + (run.Tags.GetValueOrDefault("mlflow.source.git.dirty") == "true" ? " (dirty)" : "") : "";
}
