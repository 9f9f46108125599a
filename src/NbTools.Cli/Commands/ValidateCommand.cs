using System.CommandLine;
using NbTools.Core;
using NbTools.Core.Validation;

namespace NbTools.Cli.Commands;

/// <summary><c>nbtools validate FILE...</c>: check notebooks against the nbformat JSON schema of their version.</summary>
public static class ValidateCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliConsole console)
    {
        var files = new Argument<string[]>("files")
        {
            Description = "Notebook files to validate.",
            Arity = ArgumentArity.OneOrMore,
        };
        var max = new Option<int>("--max-problems")
        {
            Description = "Show at most this many problems per notebook (0: all).",
            DefaultValueFactory = _ => 20,
        };
        var command = new Command("validate",
            "Validate notebooks against the official nbformat JSON schema of their own version (3, 4.0-4.5), " +
            "and check that no merge conflict is left: no conflict markers in a cell, no record of a merge's conflicts in metadata.nbtools.conflicts " +
            "(clear it with 'nbtools resolve' once the markers are gone). Each problem is shown with its JSON path and line, or its cell.\n\n" +
            "Exit codes:\n  0  every notebook is valid\n  1  at least one notebook is invalid\n  2  a file could not be read as a notebook\n  3  internal error")
        {
            files, max,
        };
        command.SetAction(parse =>
        {
            var limit = parse.GetValue(max);
            var invalid = false;
            var unreadable = false;
            foreach (var file in parse.GetValue(files)!)
            {
                ValidationResult result;
                try
                {
                    result = NotebookValidator.Validate(file);
                }
                catch (NbToolsException ex)
                {
                    console.Error.WriteLine($"nbtools: error: {Core.Rendering.TerminalText.OneLine(ex.Message)}");
                    unreadable = true;
                    continue;
                }
                var conflicts = result.IsValid ? ConflictProblems(file) : [];
                if (result.IsValid && conflicts.Count == 0)
                {
                    console.Out.WriteLine($"{file}: valid ({result.Schema})");
                    continue;
                }
                if (result.IsValid)
                {
                    invalid = true;
                    console.Out.WriteLine($"{file}: valid ({result.Schema}) but with unresolved merge conflicts, {conflicts.Count} problem{(conflicts.Count == 1 ? "" : "s")}");
                    foreach (var problem in conflicts) console.Out.WriteLine($"  {problem}");
                    continue;
                }
                invalid = true;
                var count = result.Problems.Count;
                console.Out.WriteLine($"{file}: invalid ({result.Schema}), {count} problem{(count == 1 ? "" : "s")}");
                var shown = limit <= 0 ? count : Math.Min(limit, count);
                foreach (var problem in result.Problems.Take(shown)) console.Out.WriteLine($"  {problem}");
                if (shown < count) console.Out.WriteLine($"  ... and {count - shown} more (--max-problems 0 shows all)");
            }
            return unreadable ? ExitCodes.InputError : invalid ? ExitCodes.Different : ExitCodes.Success;
        });
        return command;
    }

    private static List<string> ConflictProblems(string file)
    {
        var format = Path.GetExtension(file) is ".ipynb" ? "ipynb" : null;
        return ResolveCommand.Problems(Notebooks.Read(file, format));
    }
}
