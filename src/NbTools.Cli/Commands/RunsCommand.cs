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

    private static Option<string?> StoreOption() => new("--store") { Description = "The store: a folder, a file: URI or an MLflow server's http(s):// URL (default: MLFLOW_TRACKING_URI, else ./mlruns). Read only: nothing is created in a folder. A server that cannot be reached fails within about 10 s; retries of a failing server are reported on stderr (MLFLOW_HTTP_REQUEST_MAX_RETRIES, _BACKOFF_FACTOR, _TIMEOUT)." };

    /// <summary>Opens the store for reading (nothing is created in a file store); a server's retries are told on stderr.</summary>
    private static IRunReader Open(string? uri, CliConsole console) =>
        Tracker.OpenForReading(uri, new NbTools.Tracking.Rest.MlflowRestOptions { OnRetry = message => console.Error.WriteLine("nbtools: " + message) });

    private static Command List(CliConsole console)
    {
        var experiment = new Option<string?>("--experiment", "-e") { Description = "Only this experiment's runs." };
        var store = StoreOption();
        var command = new Command("list", "A table of runs, newest first: id, experiment, name, status, start (UTC), duration, params (long or multi-line values cut with …), latest metrics, git commit.") { experiment, store };
        command.SetAction(parse =>
        {
            var files = Open(parse.GetValue(store), console);
            var names = files.Experiments().ToDictionary(e => e.Id, e => e.Name, StringComparer.Ordinal);
            var runs = files.Runs(parse.GetValue(experiment));
            var rows = new List<string[]> { new[] { "run", "experiment", "name", "status", "start (UTC)", "duration", "params", "metrics", "commit" } };
            foreach (var run in runs)
            {
                rows.Add([
                    run.RunId[..8],
                    names.GetValueOrDefault(run.ExperimentId, run.ExperimentId),
                    RunText.Cell(run.RunName ?? ""),
                    run.Status.ToString().ToUpperInvariant(),
                    RunText.Start(run.StartTime),
                    run.EndTime is { } end ? RunText.Duration(end - run.StartTime) : "",
                    string.Join(" ", run.Params.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={RunText.Cell(p.Value)}")),
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
        var command = new Command("show", "Everything about one run: info, params, every metric (latest value, steps, min and max), dataset inputs (name, digest, source type, context, source), artifacts, tags – values in full.") { id, store };
        command.SetAction(parse =>
        {
            var files = Open(parse.GetValue(store), console);
            var run = files.GetRun(RunIds.Resolve(files, files.Runs(), parse.GetValue(id)!).RunId);
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
            foreach (var (key, value) in run.Params.OrderBy(p => p.Key, StringComparer.Ordinal)) output.WriteLine(Entry(key, value));
            output.WriteLine("metrics:");
            foreach (var (key, points) in run.Metrics)
            {
                output.WriteLine($"  {key} = {RunText.Number(run.LatestMetrics[key])}  ({points.Count} points, steps {points.Min(p => p.Step)}–{points.Max(p => p.Step)}, min {RunText.Number(points.Min(p => p.Value))}, max {RunText.Number(points.Max(p => p.Value))})");
            }
            if (run.Inputs.Count > 0)
            {
                output.WriteLine("datasets:");
                foreach (var input in run.Inputs)
                {
                    output.WriteLine($"  {input.Name}  digest {input.Digest}  ({input.SourceType}{(input.Context is { } context ? ", " + context : "")})");
                    output.WriteLine($"    source {input.Source}");
                }
            }
            var artifacts = files.Artifacts(run.RunId);
            if (artifacts.Count > 0)
            {
                output.WriteLine("artifacts:");
                foreach (var artifact in artifacts) output.WriteLine($"  {artifact.Path}  ({artifact.Size.ToString(CultureInfo.InvariantCulture)} bytes)");
            }
            output.WriteLine("tags:");
            foreach (var (key, value) in run.Tags.OrderBy(t => t.Key, StringComparer.Ordinal)) output.WriteLine(Entry(key, value));
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
            var files = Open(parse.GetValue(store), console);
            var all = files.Runs();
            var runs = parse.GetValue(ids)!.Select(prefix => files.GetRun(RunIds.Resolve(files, all, prefix).RunId)).ToList();
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

    /// <summary>"  key = value" in full; the lines after a value's first are indented under it.</summary>
    private static string Entry(string key, string value)
    {
        var prefix = $"  {key} = ";
        return prefix + value.ReplaceLineEndings("\n").Replace("\n", "\n" + new string(' ', prefix.Length), StringComparison.Ordinal);
    }
}
