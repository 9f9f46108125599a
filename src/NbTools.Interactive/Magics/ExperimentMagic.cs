using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Directives;
using NbTools.Core;
using NbTools.Interactive.Display;
using NbTools.Interactive.Sessions;
using NbTools.Tracking;

namespace NbTools.Interactive.Magics;

/// <summary><c>#!experiment</c>: starts a tracking run and shares it with C# as <c>run</c>.</summary>
internal static class ExperimentMagic
{
    private static readonly (string, CellErrorPolicy)[] Policies = [("tag", CellErrorPolicy.Tag), ("fail", CellErrorPolicy.Fail), ("ignore", CellErrorPolicy.Ignore)];

    public static void Add(Kernel kernel, ExperimentSession session)
    {
        var onCellError = Magic.Choice("--on-cell-error", "What a cell that fails while the run is open does to it: tag (default: tags nbtools.failed_cells and nbtools.last_error), fail (ends the run FAILED) or ignore.", Policies);
        var directive = new KernelActionDirective("#!experiment")
        {
            Description = "Start an NbTools.Tracking run in experiment NAME and share it with C# as `run` (run.LogParam, run.LogMetric, run.LogArtifact…). " +
                          "Runs go to MLflow's file store (./mlruns, or MLFLOW_TRACKING_URI) or an MLflow server. End it with #!end-run.",
            Parameters =
            {
                Magic.Text("--name", "The experiment's name (created when the store has none).", implicitName: true, required: true),
                Magic.Text("--run-name", "The run's name."),
                Magic.Text("--tracking-uri", "The store: a folder, a file: URI or an MLflow server's http(s):// URL (default: MLFLOW_TRACKING_URI, else ./mlruns)."),
                Magic.Text("--source", "The notebook the run comes from: its path, content digest and git commit are recorded."),
                onCellError,
            },
        };
        Magic.Add<StartExperimentCommand>(kernel, directive, async (command, context) =>
        {
            var policy = Magic.Pick(command.OnCellError, "--on-cell-error", CellErrorPolicy.Tag, Policies);
            if (string.IsNullOrWhiteSpace(command.Name)) throw new NbToolsException("name the experiment: #!experiment NAME");
            if (command.Source is { } source && !File.Exists(source)) throw new NbToolsException($"--source {source}: no such file");
            var tracker = Tracker.Open(command.TrackingUri);
            var previous = session.End(RunStatus.Finished);
            var run = await session.StartAsync(tracker, command.Name, command.RunName, command.Source, policy).ConfigureAwait(false);
            var lines = new List<string>();
            if (previous is not null) lines.Add($"ended the open run {previous.Id} (FINISHED)");
            lines.Add($"run {run.Id}{(run.Name is null ? "" : $" ({run.Name})")} started in experiment '{command.Name}' ({run.ExperimentId})");
            lines.Add($"store: {tracker.Store.Location}");
            lines.Add($"in C#: {ExperimentSession.VariableName}.LogParam(\"key\", value), {ExperimentSession.VariableName}.LogMetric(\"key\", value, step); end with #!end-run");
            Output.Show(context, command, string.Concat(lines.Select(HtmlParts.Paragraph)), string.Join('\n', lines) + "\n");
        });
    }
}
