using System.CommandLine;
using NbTools.Extraction;

namespace NbTools.Cli.Commands;

/// <summary><c>nbtools extract NB... --out DIR [--name NAME] [--namespace NS] [--to library|app] [--tests] [--check] [--force]</c>.</summary>
public static class ExtractCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliConsole console)
    {
        var notebooks = new Argument<string[]>("notebooks") { Description = "Notebooks to extract (.ipynb, .dib or a paired percent .cs); each becomes one static class.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out", "-o") { Description = "The folder to write the project to (created when missing; refused when not empty and not written by extract, unless --force).", Required = true };
        var name = new Option<string?>("--name") { Description = "Project and assembly name, a C# identifier (default: the output folder's name)." };
        var ns = new Option<string?>("--namespace") { Description = "Namespace of the generated code (default: the name)." };
        var to = new Option<string>("--to") { Description = "library: NAME.csproj (net10.0 class library) and one .cs per notebook; app: one .NET 10 file-based app NAME.cs that runs with 'dotnet run NAME.cs' (one notebook; parameters as --name value arguments).", DefaultValueFactory = _ => "library" };
        to.AcceptOnlyFromAmong("library", "app");
        var tests = new Option<bool>("--tests") { Description = "Also write NAME.Tests/, an xunit project: one test per '//| test' cell and a smoke test running Run() against a temporary tracking store." };
        var check = new Option<bool>("--check") { Description = "Write nothing; exit 1 when the extracted code is missing or stale (for CI and pre-commit hooks)." };
        var force = new Option<bool>("--force") { Description = "Write into a folder that is not empty and was not written by extract (other files there are left alone)." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Do not print the per-cell report (errors are still printed)." };
        var command = new Command("extract",
            "Extract C# notebook cells into a class library (or a .NET 10 file-based app) that builds offline. Cells marked '//| export' (or tagged export) are taken when any is marked, else every C# cell; '//| hide' cells never; '//| test' cells become tests; the 'parameters' cell becomes the Parameters record. " +
            "Top-level code goes into a static class per notebook whose Run(parameters) logs a tracking run (FAILED when it throws); #line directives point compiler errors at the notebook's cell and line. " +
            "The report on stderr lists every cell taken, skipped or rewritten and why. Extracting an unchanged notebook again changes no byte.\n\n" + ExitCodes.Help)
        {
            notebooks, output, name, ns, to, tests, check, force, quiet,
        };
        command.SetAction(parse =>
        {
            var request = new ExtractRequest(parse.GetValue(notebooks)!, parse.GetValue(output)!)
            {
                Name = parse.GetValue(name),
                Namespace = parse.GetValue(ns),
                Target = parse.GetValue(to) == "app" ? ExtractTarget.App : ExtractTarget.Library,
                Tests = parse.GetValue(tests),
                Check = parse.GetValue(check),
                Force = parse.GetValue(force),
            };
            var result = NotebookExtractor.Extract(request);
            if (!parse.GetValue(quiet))
            {
                foreach (var note in result.Report) console.Error.WriteLine($"nbtools: extract: {note}");
            }
            foreach (var file in result.Files.Where(f => f.State != ExtractedFileState.Unchanged))
            {
                console.Error.WriteLine($"nbtools: extract: {file.State.ToString().ToLowerInvariant()}: {file.Path}");
            }
            if (request.Check)
            {
                console.Error.WriteLine(result.Stale ? "nbtools: extract: the extracted code is stale: run nbtools extract again" : "nbtools: extract: up to date");
                return result.Stale ? ExitCodes.Different : ExitCodes.Success;
            }
            console.Out.WriteLine(result.Project);
            return ExitCodes.Success;
        });
        return command;
    }
}
