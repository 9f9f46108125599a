using System.CommandLine;
using NbTools.Core;
using NbTools.Core.Model;

namespace NbTools.Cli.Commands;

/// <summary><c>nbtools resolve FILE...</c>: clear a merge's conflict record once its markers are gone.</summary>
public static class ResolveCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliConsole console)
    {
        var files = new Argument<string[]>("files") { Description = "Merged notebooks whose conflicts you resolved by hand.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("resolve",
            "Mark a merged notebook as resolved: once no cell holds conflict markers any more, remove the record of the merge's conflicts " +
            "(metadata.nbtools.conflicts) that 'nbtools validate' and the pre-commit check fail on. A notebook that still holds markers is left as it is.\n\n" +
            "Exit codes:\n  0  every notebook is resolved (its record cleared, or it had none)\n  1  a notebook still holds conflict markers (nothing written for it)\n  2  a file could not be read\n  3  internal error")
        {
            files,
        };
        command.SetAction(parse =>
        {
            var paths = parse.GetValue(files)!;
            var notebooks = paths.Select(p => (Path: p, Notebook: Notebooks.Read(p))).ToList(); // every file readable before any is written
            var unresolved = false;
            foreach (var (path, notebook) in notebooks)
            {
                var status = NotebookMerge.Conflicts(notebook);
                if (status.CellsWithMarkers.Count > 0)
                {
                    unresolved = true;
                    foreach (var cell in status.CellsWithMarkers) console.Error.WriteLine($"nbtools: {path}: cell {cell} still holds conflict markers; edit it first (nothing written)");
                    continue;
                }
                if (!NotebookMerge.ClearConflictRecord(notebook))
                {
                    console.Out.WriteLine($"{path}: no conflict record; nothing to do");
                    continue;
                }
                Notebooks.Write(notebook, path, FormatOf(path));
                console.Out.WriteLine($"{path}: resolved; cleared the record of {Count(status.Recorded.Count)} ({string.Join(", ", status.Recorded)})");
            }
            return unresolved ? ExitCodes.Different : ExitCodes.Success;
        });
        return command;
    }

    private static string? FormatOf(string path) => Path.GetExtension(path) == ".ipynb" ? "ipynb" : null;

    private static string Count(int n) => n == 1 ? "1 conflict" : $"{n} conflicts";

    /// <summary>The problem lines of a notebook's unresolved conflicts (empty when clear), for validate.</summary>
    internal static List<string> Problems(Notebook notebook) => NotebookMerge.Conflicts(notebook).Problems().ToList();
}
