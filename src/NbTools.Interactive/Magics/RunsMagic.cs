using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Directives;
using NbTools.Core;
using NbTools.Interactive.Display;
using NbTools.Interactive.Formatting;
using NbTools.Tracking;
using NbTools.Tracking.Reports;

namespace NbTools.Interactive.Magics;

/// <summary><c>#!runs</c>: the runs table, or a comparison of runs with a chart per metric.</summary>
internal static class RunsMagic
{
    public static void Add(Kernel kernel)
    {
        var directive = new KernelActionDirective("#!runs")
        {
            Description = "Show the runs of a store as a table (newest first), or with --compare the chosen runs side by side: params with differences highlighted and a chart of each metric over steps.",
            Parameters =
            {
                Magic.Text("--experiment", "Only this experiment's runs."),
                Magic.Text("--compare", "Two or more run ids (or unique prefixes) to compare, separated by commas: --compare 1a2b,3c4d (or in quotes with spaces: --compare \"1a2b 3c4d\")."),
                Magic.Text("--tracking-uri", "The store: a folder, a file: URI or an MLflow server's http(s):// URL (default: MLFLOW_TRACKING_URI, else ./mlruns)."),
            },
        };
        Magic.Add<ShowRunsCommand>(kernel, directive, (command, context) =>
        {
            var reader = Tracker.OpenForReading(command.TrackingUri);
            var names = reader.Experiments().ToDictionary(e => e.Id, e => e.Name, StringComparer.Ordinal);
            if (command.Compare is { } compare)
            {
                var ids = compare.Split([',', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (ids.Length < 2) throw new NbToolsException("--compare takes two or more run ids");
                var all = reader.Runs();
                var comparison = new RunComparison(ids.Select(id => reader.GetRun(RunIds.Resolve(reader, all, id).RunId)).ToList(), names);
                var page = comparison.ToHtml();
                var height = 260 + 28 * (comparison.Runs.Count + comparison.ParamKeys.Count + comparison.MetricKeys.Count) + 270 * ((comparison.MetricKeys.Count + 1) / 2);
                Output.Show(context, command, HtmlParts.SandboxedPage(page, "Run comparison", Math.Min(height, 1400)), comparison.ToText());
                return Task.CompletedTask;
            }
            if (command.Experiment is { } experiment && !names.ContainsValue(experiment)) throw new NbToolsException($"{reader.Location}: no experiment '{experiment}'");
            var table = RunTables.List(reader.Runs(command.Experiment), names);
            Output.Show(context, command, table.Html, table.Text);
            return Task.CompletedTask;
        });
    }
}
