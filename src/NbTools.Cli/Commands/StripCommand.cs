using System.CommandLine;
using NbTools.Core;
using NbTools.Core.IO;
using NbTools.Core.Stripping;

namespace NbTools.Cli.Commands;

/// <summary><c>nbtools strip [--keep-outputs] [--keep-count] [--keep-metadata KEY…] FILE…|-</c>.</summary>
public static class StripCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliConsole console)
    {
        var files = new Argument<string[]>("files") { Description = "Notebooks to strip in place, or '-' to read standard input and write standard output (git's clean filter).", Arity = ArgumentArity.OneOrMore };
        var keepOutputs = new Option<bool>("--keep-outputs") { Description = "Keep outputs." };
        var keepCount = new Option<bool>("--keep-count") { Description = "Keep execution counts." };
        var keepMetadata = new Option<string[]>("--keep-metadata") { Description = "Volatile metadata keys to keep (execution, ExecuteTime, collapsed, scrolled, trusted, vscode, widgets, …).", AllowMultipleArgumentsPerToken = true };
        var command = new Command("strip",
            "Remove outputs, execution counts and volatile metadata (editor bookkeeping, widget state); cell ids stay. Idempotent and byte-stable: a stripped notebook stripped again is identical, so git never shows phantom changes.")
        {
            files, keepOutputs, keepCount, keepMetadata,
        };
        command.SetAction(parse =>
        {
            var options = new StripOptions(parse.GetValue(keepOutputs), parse.GetValue(keepCount), parse.GetValue(keepMetadata) ?? []);
            // Every file is read and stripped before any is written: one bad file leaves all of them as they were.
            var stripped = new List<(string File, NbTools.Core.Model.Notebook Notebook)>();
            foreach (var file in parse.GetValue(files)!)
            {
                if (file == "-")
                {
                    using var input = Console.OpenStandardInput();
                    using var buffer = new MemoryStream();
                    input.CopyTo(buffer);
                    var notebook = Notebooks.Read(buffer.ToArray(), "<stdin>", "ipynb");
                    NotebookStrip.Strip(notebook, options);
                    console.WriteBytes(Notebooks.ToBytes(notebook));
                    continue;
                }
                var read = Notebooks.Read(file);
                if (NotebookStrip.Strip(read, options)) stripped.Add((file, read));
            }
            foreach (var (file, notebook) in stripped) Notebooks.Write(notebook, file);
            return ExitCodes.Success;
        });
        return command;
    }
}
