using System.CommandLine;
using NbTools.Core;
using NbTools.Core.Git;
using NbTools.Core.IO;
using NbTools.Core.Merging;

namespace NbTools.Cli.Commands;

/// <summary><c>nbtools merge BASE LOCAL REMOTE -o OUT</c>.</summary>
public static class MergeCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliConsole console)
    {
        var baseFile = new Argument<string>("base") { Description = "The common ancestor." };
        var local = new Argument<string>("local") { Description = "Our version." };
        var remote = new Argument<string>("remote") { Description = "Their version." };
        var output = new Option<string>("--out", "-o") { Description = "Where to write the merged notebook ('-' for standard output).", Required = true };
        var strategy = new StrategyOptions();
        var markerSize = new Option<int>("--marker-size") { Description = "Length of conflict markers (git's %L).", DefaultValueFactory = _ => 7 };
        var command = new Command("merge",
            "Three-way merge of notebooks: cells aligned, sources merged line by line, outputs follow the source they belong to and never conflict, metadata merged per key. " +
            "Conflicts stay in the notebook as markers and are listed in metadata.nbtools.conflicts; the result always opens and validates. Exit 0 clean, 1 conflicts, 2 error.")
        {
            baseFile, local, remote, output, markerSize,
        };
        strategy.AddTo(command);
        command.SetAction(parse =>
        {
            var options = strategy.Options(parse) with { MarkerSize = parse.GetValue(markerSize) };
            var read = Notebooks.ReadAll(parse.GetValue(baseFile)!, parse.GetValue(local)!, parse.GetValue(remote)!);
            var result = NotebookMerge.Merge(read[0], read[1], read[2], options);
            PhaseGarbage.Collect(read);
            if (parse.GetValue(output) == "-") console.WriteBytes(Notebooks.ToBytes(result.Notebook));
            else AtomicFile.WriteIfChanged(parse.GetValue(output)!, stream => Notebooks.Write(result.Notebook, stream), compare: false); // streamed: no whole-file array
            Report(console, result);
            return result.IsClean ? ExitCodes.Success : ExitCodes.Different;
        });
        return command;
    }

    /// <summary>--strategy and its per-part overrides (--source-strategy, --output-strategy, --metadata-strategy), and the marker labels.</summary>
    internal sealed class StrategyOptions
    {
        private static readonly string[] Names = [.. GitMergeDriver.StrategyNames];
        private readonly Option<string> all = Create("--strategy", "What to do where both sides changed the same thing differently: inline (markers, default), ours, theirs, base, union (both sources without markers).", "inline");
        private readonly Option<string> sources = Create("--source-strategy", "Overrides --strategy for cell sources.", null);
        private readonly Option<string> outputs = Create("--output-strategy", "For outputs both sides changed on a cell whose source did not change: ours (default), theirs, base. Outputs never conflict.", null, [.. GitMergeDriver.OutputStrategyNames]);
        private readonly Option<string> metadata = Create("--metadata-strategy", "Overrides --strategy for notebook and cell metadata (inline: local's value kept and the key listed as a conflict).", null);
        private readonly Option<string> localLabel = new("--local-label") { Description = "Label of our side in conflict markers (default 'local'; git >= 2.44 passes the branch as %X)." };
        private readonly Option<string> remoteLabel = new("--remote-label") { Description = "Label of their side in conflict markers (default 'remote'; git >= 2.44 passes it as %Y)." };

        private static Option<string> Create(string name, string description, string? defaultValue, string[]? names = null)
        {
            var option = new Option<string>(name) { Description = description };
            if (defaultValue is not null) option.DefaultValueFactory = _ => defaultValue;
            option.AcceptOnlyFromAmong(names ?? Names);
            return option;
        }

        public void AddTo(Command command)
        {
            foreach (var option in new[] { all, sources, outputs, metadata, localLabel, remoteLabel }) command.Options.Add(option);
        }

        public MergeOptions Options(ParseResult parse) => GitMergeDriver.Options(
            parse.GetValue(all)!, parse.GetValue(sources), parse.GetValue(outputs), parse.GetValue(metadata), parse.GetValue(localLabel), parse.GetValue(remoteLabel));
    }

    /// <summary>One stderr line per conflict (naming the file when git's driver merges one of many).</summary>
    internal static void Report(CliConsole console, MergeResult result, string? file = null)
    {
        foreach (var line in GitMergeDriver.ConflictLines(result, file)) console.Error.WriteLine(line);
    }
}
