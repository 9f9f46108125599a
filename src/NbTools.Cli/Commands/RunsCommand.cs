using System.CommandLine;
using System.Globalization;
using NbTools.Tracking;
using NbTools.Tracking.FileStore;
using NbTools.Tracking.Reports;

namespace NbTools.Cli.Commands;

/// <summary><c>nbtools runs list|show|compare</c>: the runs NbTools.Tracking (or MLflow) logged to a file store.</summary>
public static class RunsCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliConsole console)
    {
        var command = new Command("runs", "Experiment runs in an MLflow file store or on an MLflow server (default: MLFLOW_TRACKING_URI, else ./mlruns): params, metrics, status and the git commit of each.");
        command.Subcommands.Add(List(console));
        command.Subcommands.Add(Show(console));
        command.Subcommands.Add(Compare(console));
        return command;
    }

    private static Option<string?> StoreOption() => new("--store") { Description = "The store: a folder, a file: URI or an MLflow server's http(s):// URL (default: MLFLOW_TRACKING_URI, else ./mlruns)." };

    private static IRunReader Open(string? uri)
    {
        var path = uri ?? Environment.GetEnvironmentVariable("MLFLOW_TRACKING_URI") ?? "mlruns";
        var local = path.StartsWith("file:", StringComparison.OrdinalIgnoreCase) ? new Uri(path).LocalPath : path;
        if (!path.Contains("://", StringComparison.Ordinal) && !Directory.Exists(local)) throw new TrackingException($"{local}: no such store (a folder of runs, as MLflow's mlruns/)");
        return Tracker.Open(path).Store as IRunReader ?? throw new TrackingException($"{path}: runs cannot be read from this store");
    }

    private static Command List(CliConsole console)
    {
        var experiment = new Option<string?>("--experiment", "-e") { Description = "Only this experiment's runs." };
        var store = StoreOption();
        var command = new Command("list", "A table of runs, newest first: id, experiment, name, status, start (UTC), duration, params, latest metrics, git commit.") { experiment, store };
        command.SetAction(parse =>
        {
            var files = Open(parse.GetValue(store));
            var names = files.Experiments().ToDictionary(e => e.Id, e => e.Name, StringComparer.Ordinal);
            var runs = files.Runs(parse.GetValue(experiment));
            var rows = new List<string[]> { new[] { "run", "experiment", "name", "status", "start (UTC)", "duration", "params", "metrics", "commit" } };
            foreach (var run in runs)
            {
                rows.Add([
                    run.RunId[..8],
                    names.GetValueOrDefault(run.ExperimentId, run.ExperimentId),
                    run.RunName ?? "",
                    run.Status.ToString().ToUpperInvariant(),
                    RunText.Start(run.StartTime),
                    run.EndTime is { } end ? RunText.Duration(end - run.StartTime) : "",
                    string.Join(" ", run.Params.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}")),
                    string.Join(" ", run.LatestMetrics.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{m.Key}={RunText.Number(m.Value)}")),
                    run.Tags.TryGetValue("mlflow.source.git.commit", out var commit) ? commit[..Math.Min(7, commit.Length)] + (run.Tags.GetValueOrDefault("mlflow.source.git.dirty") == "true" ? "+" : "") : "",
                ]);
            }
            if (runs.Count == 0)
            {
                console.Out.WriteLine($"no runs in {files.Location}");
                return ExitCodes.Success;
            }
            var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
            foreach (var row in rows) console.Out.WriteLine(string.Join("  ", row.Select((cell, c) => c == row.Length - 1 ? cell : cell.PadRight(widths[c]))).TrimEnd());
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Show(CliConsole console)
    {
        var id = new Argument<string>("run") { Description = "The run id (or a unique prefix of it, as list shows)." };
        var store = StoreOption();
        var command = new Command("show", "Everything about one run: info, params, every metric (latest value, steps, min and max), tags.") { id, store };
        command.SetAction(parse =>
        {
            var files = Open(parse.GetValue(store));
            var run = files.GetRun(Resolve(files, files.Runs(), parse.GetValue(id)!).RunId);
            var experiment = files.Experiments().FirstOrDefault(e => e.Id == run.ExperimentId)?.Name ?? run.ExperimentId;
            var output = console.Out;
            output.WriteLine($"run         {run.RunId}");
            output.WriteLine($"name        {run.RunName}");
            output.WriteLine($"experiment  {experiment} ({run.ExperimentId})");
            output.WriteLine($"status      {run.Status.ToString().ToUpperInvariant()}");
            output.WriteLine($"user        {run.UserId}");
            output.WriteLine($"start       {RunText.Start(run.StartTime)} UTC");
            if (run.EndTime is { } end) output.WriteLine($"duration    {RunText.Duration(end - run.StartTime)}");
            output.WriteLine($"artifacts   {run.ArtifactUri}");
            output.WriteLine("params:");
            foreach (var (key, value) in run.Params.OrderBy(p => p.Key, StringComparer.Ordinal)) output.WriteLine($"  {key} = {value}");
            output.WriteLine("metrics:");
            foreach (var (key, points) in run.Metrics)
            {
                output.WriteLine($"  {key} = {RunText.Number(run.LatestMetrics[key])}  ({points.Count} points, steps {points.Min(p => p.Step)}–{points.Max(p => p.Step)}, min {RunText.Number(points.Min(p => p.Value))}, max {RunText.Number(points.Max(p => p.Value))})");
            }
            output.WriteLine("tags:");
            foreach (var (key, value) in run.Tags.OrderBy(t => t.Key, StringComparer.Ordinal)) output.WriteLine($"  {key} = {value}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Compare(CliConsole console)
    {
        var ids = new Argument<string[]>("runs") { Description = "Two or more run ids (or unique prefixes).", Arity = new ArgumentArity(2, 100) };
        var html = new Option<string?>("--html") { Description = "Also write a self-contained HTML page: runs, params with differences highlighted, one line chart per metric over steps." };
        var store = StoreOption();
        var command = new Command("compare", "Runs side by side: params (differing ones marked *) and the latest value of each metric; --html adds charts of every metric over steps.") { ids, html, store };
        command.SetAction(parse =>
        {
            var files = Open(parse.GetValue(store));
            var all = files.Runs();
            var runs = parse.GetValue(ids)!.Select(prefix => files.GetRun(Resolve(files, all, prefix).RunId)).ToList();
            var comparison = new NbTools.Tracking.Reports.RunComparison(runs, files.Experiments().ToDictionary(e => e.Id, e => e.Name, StringComparer.Ordinal));
            console.Out.Write(comparison.ToText());
            if (parse.GetValue(html) is { } page)
            {
                NbTools.Core.IO.AtomicFile.Write(page, System.Text.Encoding.UTF8.GetBytes(comparison.ToHtml()));
                console.Error.WriteLine($"wrote {page}");
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static RunRecord Resolve(IRunReader files, IReadOnlyList<RunRecord> runs, string prefix)
    {
        var matches = runs.Where(r => r.RunId.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        if (matches.Count == 0) throw new TrackingException($"{files.Location}: no run {prefix}");
        if (matches.Count > 1) throw new TrackingException($"{files.Location}: '{prefix}' matches {matches.Count} runs; give more of the id");
        return matches[0];
    }

}
