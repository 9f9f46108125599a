using System.CommandLine;
using System.Globalization;
using NbTools.Tracking;
using NbTools.Tracking.Reports;

namespace NbTools.Cli.Commands;

/// <summary><c>nbtools models list|show|promote|rollback</c>: registered models and their aliases, in an MLflow file store or on an MLflow server.</summary>
public static class ModelsCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliConsole console)
    {
        var command = new Command("models",
            "Registered models in an MLflow file store or on an MLflow server (default: MLFLOW_TRACKING_URI, else ./mlruns): list them, show their versions and aliases, " +
            "move an alias (promote) and move it back (rollback). MLflow keeps no alias history, so promote records it in the registered-model tag " +
            $"'{ModelAliases.HistoryTagPrefix}<alias>' (a JSON list of versions, oldest first), which MLflow's own clients and UI show too.\n\n" + ExitCodes.Help);
        command.Subcommands.Add(List(console));
        command.Subcommands.Add(Show(console));
        command.Subcommands.Add(Promote(console));
        command.Subcommands.Add(Rollback(console));
        return command;
    }

    private static Option<string?> StoreOption() => new("--store") { Description = "The store: a folder, a file: URI or an MLflow server's http(s):// URL (default: MLFLOW_TRACKING_URI, else ./mlruns). A folder must already be an MLflow store: nothing is created." };

    private static Option<string> AliasOption(string what) => new("--alias", "-a") { Description = what, Required = true };

    private static IModelStore Open(string? uri, CliConsole console) =>
        Tracker.OpenModels(uri, new NbTools.Tracking.Rest.MlflowRestOptions { OnRetry = message => console.Error.WriteLine("nbtools: " + message) });

    private static Command List(CliConsole console)
    {
        var store = StoreOption();
        var command = new Command("list", "A table of registered models: name, latest version, aliases (alias=version), last update (UTC).") { store };
        command.SetAction(parse =>
        {
            var models = Open(parse.GetValue(store), console);
            var list = models.Models();
            if (list.Count == 0)
            {
                console.Out.WriteLine($"no registered models in {models.Location}");
                return ExitCodes.Success;
            }
            var rows = new List<string[]> { new[] { "model", "latest", "aliases", "updated (UTC)" } };
            foreach (var model in list)
            {
                rows.Add([
                    model.Name,
                    model.LatestVersion?.ToString(CultureInfo.InvariantCulture) ?? "-",
                    string.Join(" ", model.Aliases.Select(a => $"{a.Key}={a.Value.ToString(CultureInfo.InvariantCulture)}")),
                    model.LastUpdatedTime is { } updated ? RunText.Start(updated) : "",
                ]);
            }
            var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
            foreach (var row in rows) console.Out.WriteLine(string.Join("  ", row.Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd());
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Show(CliConsole console)
    {
        var name = new Argument<string>("name") { Description = "The registered model's name." };
        var store = StoreOption();
        var command = new Command("show", "One registered model: its aliases (with the history promote recorded), every version (created, run, source, the aliases on it) and its tags.") { name, store };
        command.SetAction(parse =>
        {
            var models = Open(parse.GetValue(store), console);
            var model = models.GetModel(parse.GetValue(name)!) ?? throw new TrackingException($"{models.Location}: no registered model named '{parse.GetValue(name)}'");
            var output = console.Out;
            output.WriteLine($"model    {model.Name}");
            if (model.CreationTime is { } created) output.WriteLine($"created  {RunText.Start(created)} UTC");
            if (model.LastUpdatedTime is { } updated) output.WriteLine($"updated  {RunText.Start(updated)} UTC");
            output.WriteLine("aliases:");
            foreach (var (alias, version) in model.Aliases)
            {
                var history = ModelAliases.RecordedHistory(model, alias);
                output.WriteLine($"  {alias} -> version {version.ToString(CultureInfo.InvariantCulture)}" + (history.Count > 0 ? $"  (history: {string.Join(" -> ", history)})" : ""));
            }
            output.WriteLine("versions:");
            foreach (var version in models.Versions(model.Name).Reverse())
            {
                var on = model.Aliases.Where(a => a.Value == version.Version).Select(a => a.Key).ToList();
                output.WriteLine($"  {version.Version.ToString(CultureInfo.InvariantCulture)}  created {(version.CreationTime is { } time ? RunText.Start(time) + " UTC" : "-")}  run {version.RunId ?? "-"}" +
                    (version.Stage is "None" ? "" : $"  stage {version.Stage}") + (on.Count > 0 ? $"  [{string.Join(", ", on)}]" : ""));
                output.WriteLine($"     source {version.Source}");
            }
            output.WriteLine("tags:");
            foreach (var (key, value) in model.Tags.OrderBy(t => t.Key, StringComparer.Ordinal)) output.WriteLine($"  {key} = {value}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Promote(CliConsole console)
    {
        var name = new Argument<string>("name") { Description = "The registered model's name." };
        var version = new Argument<int>("version") { Description = "The version the alias should point at." };
        var alias = AliasOption("The alias to move (e.g. production).");
        var store = StoreOption();
        var command = new Command("promote", $"Point an alias at a version (MLflow's set alias) and record the move in the tag '{ModelAliases.HistoryTagPrefix}<alias>', so that rollback can undo it.") { name, version, alias, store };
        command.SetAction(parse =>
        {
            var move = ModelAliases.Promote(Open(parse.GetValue(store), console), parse.GetValue(name)!, parse.GetValue(version), parse.GetValue(alias)!);
            console.Out.WriteLine(!move.Changed
                ? $"{move.Model}: {move.Alias} already points at version {move.To}; nothing changed"
                : $"{move.Model}: {move.Alias} {(move.From is { } from ? $"version {from}" : "(unset)")} -> version {move.To}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Rollback(CliConsole console)
    {
        var name = new Argument<string>("name") { Description = "The registered model's name." };
        var alias = AliasOption("The alias to move back (e.g. production).");
        var store = StoreOption();
        var command = new Command("rollback", $"Move an alias back to the version it pointed at before its last promote, as recorded in the tag '{ModelAliases.HistoryTagPrefix}<alias>'. Exit 2 when there is no earlier version.") { name, alias, store };
        command.SetAction(parse =>
        {
            var move = ModelAliases.Rollback(Open(parse.GetValue(store), console), parse.GetValue(name)!, parse.GetValue(alias)!);
            console.Out.WriteLine($"{move.Model}: {move.Alias} version {move.From} -> version {move.To} (rolled back)");
            return ExitCodes.Success;
        });
        return command;
    }
}
