using System.CommandLine;
using NbTools.Core.Formats.Text;
using NbTools.Core.Pairing;

namespace NbTools.Cli.Commands;

/// <summary><c>nbtools sync PATH... [--check] [--prefer text|ipynb] [--keep-stale-outputs]</c>.</summary>
public static class SyncCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliConsole console)
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "Paired notebooks, their texts, or folders (every pair below them).",
            Arity = ArgumentArity.OneOrMore,
        };
        var check = new Option<bool>("--check") { Description = "Change nothing; exit 1 and list every pair that is out of date (for CI and pre-commit hooks)." };
        var prefer = new Option<string?>("--prefer") { Description = "When both the notebook and its text changed since the last sync: keep 'text' (its inputs go into the notebook) or 'ipynb' (it regenerates the text). Without it, such a pair is a conflict and nothing is written." };
        prefer.AcceptOnlyFromAmong("text", "ipynb");
        var keepStale = new Option<bool>("--keep-stale-outputs") { Description = "Keep the outputs of cells whose source the text changed (default: they are dropped as stale)." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print only problems." };
        var command = new Command("sync",
            "Bring paired notebooks and texts up to date. Which side changed is decided by content (digests recorded at the last sync), never by file times. " +
            "A text edit updates the notebook's inputs: unchanged cells keep their outputs, execution counts, ids and metadata; edited cells lose stale outputs; new cells get ids. " +
            "A notebook edit regenerates the texts. Exit 0 when done, 1 on a conflict or (with --check) when something is out of date.")
        {
            paths, check, prefer, keepStale, quiet,
        };
        command.SetAction(parse =>
        {
            var preference = parse.GetValue(prefer) switch
            {
                "text" => SyncPreference.Text,
                "ipynb" => SyncPreference.Ipynb,
                _ => SyncPreference.None,
            };
            var result = NotebookPairing.Sync(new SyncRequest(parse.GetValue(paths)!, parse.GetValue(check), preference, parse.GetValue(keepStale), TextFormatOptions.Default));
            Report(console, result, parse.GetValue(quiet));
            return result.NeedsAttention ? ExitCodes.Different : ExitCodes.Success;
        });
        return command;
    }

    internal static void Report(CliConsole console, SyncResult result, bool quiet)
    {
        if (result.Pairs.Count == 0 && !quiet) console.Out.WriteLine("no paired notebooks found: nothing to check");
        foreach (var pair in result.Pairs)
        {
            var problem = pair.Action is SyncAction.Conflict or SyncAction.ChangedDuringSync or SyncAction.OutOfDate;
            if (quiet && !problem) continue;
            (problem ? console.Error : console.Out).WriteLine($"{pair.Notebook}: {pair.Message}");
        }
    }
}
