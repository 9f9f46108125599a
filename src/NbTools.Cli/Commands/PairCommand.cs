using System.CommandLine;
using NbTools.Core.Pairing;

namespace NbTools.Cli.Commands;

/// <summary><c>nbtools pair NB.ipynb --with cs[,md,…]</c>.</summary>
public static class PairCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliConsole console)
    {
        var notebook = new Argument<string>("notebook") { Description = "The .ipynb notebook to pair." };
        var with = new Option<string>("--with", "-w")
        {
            Description = "Text formats, comma-separated: script (the notebook's own language), a script extension (cs, py, fsx, ps1, R, jl, …), a light script (py:light, script:light, …), md, md:myst, dib. Recorded as jupytext.formats (\"ipynb,cs:percent\"), so jupytext users share the pairing.",
            Required = true,
        };
        var command = new Command("pair", "Pair a notebook with text files: record the pairing in its metadata and write the texts. Afterwards edit either side and run 'nbtools sync'.")
        {
            notebook, with,
        };
        command.SetAction(parse =>
        {
            var formats = parse.GetValue(with)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var result = NotebookPairing.Pair(parse.GetValue(notebook)!, formats);
            SyncCommand.Report(console, result, quiet: false);
            foreach (var text in result.NoLongerPaired)
            {
                console.Error.WriteLine($"{text}: no longer paired with {parse.GetValue(notebook)} (left as it is; delete it, or add it to --with to keep it in sync)");
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
