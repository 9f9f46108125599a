using NbTools.Cli.Commands;

namespace NbTools.Cli;

/// <summary>The full program: NbTools.Core's commands and those of tracking, extraction and the merge tool.</summary>
public static partial class NbToolsCli
{
    /// <summary>Runs <c>nbtools</c> with <paramref name="args"/>, writing to <paramref name="console"/>; returns the exit code.</summary>
    public static int Run(string[] args, CliConsole console) =>
        Run(args, console,
        [
            .. CoreCommands(console),
            RunsCommand.Create(console),
            ModelsCommand.Create(console),
            ExtractCommand.Create(console),
            MergetoolCommand.Create(console),
            DifftoolCommand.Create(console),
        ]);

    private static partial bool IsInputError(Exception ex) => ex is NbTools.Tracking.TrackingException;
}
