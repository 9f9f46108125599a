using System.CommandLine;
using NbTools.Cli.Commands;
using NbTools.Core;
using NbTools.Core.Rendering;

namespace NbTools.Cli;

/// <summary>
/// The <c>nbtools</c> command line: builds the commands, runs one, maps errors to exit codes. This
/// part is shared by the full program (every command) and the Native AOT one (the commands that need
/// only NbTools.Core; it hands the others to the full program): see NbTools.Cli.Native.
/// </summary>
public static partial class NbToolsCli
{
    /// <summary>Shared by every command: print stack traces of internal errors.</summary>
    public static readonly Option<bool> Verbose = new("--verbose", "-v")
    {
        Description = "Print more detail, including stack traces of internal errors.",
        Recursive = true,
    };

    /// <summary>Runs <c>nbtools</c> with <paramref name="args"/> and the given commands, writing to <paramref name="console"/>; returns the exit code.</summary>
    private static int Run(string[] args, CliConsole console, IEnumerable<Command> commands)
    {
        var root = BuildRoot(console, commands);
        var parse = root.Parse(CliArguments.ProtectFileNames(args, root));
        var config = new InvocationConfiguration
        {
            Output = console.Out,
            Error = console.Error,
            EnableDefaultExceptionHandler = false,
        };
        if ((parse.Errors.Count > 0 || StrictArguments.Problem(parse) is not null) && !WantsHelp(args))
        {
            if (StrictArguments.Problem(parse) is { } problem) console.Error.WriteLine($"nbtools: error: {TerminalText.OneLine(problem)}");
            else foreach (var error in parse.Errors) console.Error.WriteLine($"nbtools: error: {TerminalText.OneLine(Flatten(error.Message))}");
            console.Error.WriteLine($"Run '{StrictArguments.CommandPath(parse.CommandResult)} --help' for usage.");
            return ExitCodes.InputError;
        }
        try
        {
            return parse.Invoke(config);
        }
        catch (NbToolsException ex)
        {
            console.Error.WriteLine($"nbtools: error: {TerminalText.OneLine(ex.Message)}");
            if (parse.GetValue(Verbose) && ex.InnerException is { } inner) console.Error.WriteLine(inner);
            return ExitCodes.InputError;
        }
        catch (Exception ex) when (IsInputError(ex))
        {
            console.Error.WriteLine($"nbtools: error: {TerminalText.OneLine(ex.Message)}");
            return ExitCodes.InputError;
        }
        catch (Exception ex)
        {
            console.Error.WriteLine($"nbtools: internal error: {ex.GetType().Name}: {TerminalText.OneLine(ex.Message)}");
            if (parse.GetValue(Verbose)) console.Error.WriteLine(ex);
            else console.Error.WriteLine("Run again with --verbose for details, and please report it.");
            return ExitCodes.InternalError;
        }
        finally
        {
            console.Out.Flush();
            console.Error.Flush();
        }
    }

    /// <summary>System.CommandLine lists allowed values on lines of their own; an error is one line.</summary>
    private static string Flatten(string message) =>
        string.Join(' ', message.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static bool WantsHelp(string[] args) => args.Any(a => a is "--help" or "-h" or "-?");

    /// <summary>True for the errors of a part beyond NbTools.Core that are the user's input, not a bug (exit 2).</summary>
    private static partial bool IsInputError(Exception ex);

    /// <summary>The commands that need nothing but NbTools.Core, in the order help lists them.</summary>
    private static IEnumerable<Command> CoreCommands(CliConsole console) =>
    [
        ConvertCommand.Create(console),
        ValidateCommand.Create(console),
        DiffCommand.Create(console),
        MergeCommand.Create(console),
        ResolveCommand.Create(console),
        StripCommand.Create(console),
        GitCommand.Create(console),
        PairCommand.Create(console),
        SyncCommand.Create(console),
    ];

    private static RootCommand BuildRoot(CliConsole console, IEnumerable<Command> commands)
    {
        var root = new RootCommand(
            "nbtools: make Jupyter notebooks behave like source code.\n" +
            "Lossless .ipynb reading and writing: an untouched notebook is written back byte for byte.\n\n" +
            ExitCodes.Help);
        root.Options.Add(Verbose);
        foreach (var command in commands) root.Subcommands.Add(command);
        root.SetAction(_ =>
        {
            root.Parse("--help").Invoke(new InvocationConfiguration { Output = console.Out, Error = console.Error });
            return ExitCodes.InputError;
        });
        return root;
    }
}
