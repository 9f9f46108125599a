using System.CommandLine;
using System.Diagnostics;
using System.Runtime.InteropServices;
using NbTools.Core.Rendering;

namespace NbTools.Cli;

/// <summary>
/// The Native AOT nbtools: runs the commands that need only NbTools.Core itself (they start in
/// milliseconds, which is most of a large conversion's time in a JIT-compiled process) and hands
/// every other command line – tracking, extraction, the merge tool, and the top-level --help and
/// --version, which list and name them all – to the full nbtools published beside it in
/// <c>full/</c>, replacing this process (exec), so arguments, streams, exit code and signals are the
/// full program's own.
/// </summary>
public static partial class NbToolsCli
{
    /// <summary>The folder, beside this executable, that holds the full (JIT-compiled) nbtools.</summary>
    public const string FullFolder = "full";

    /// <summary>Runs <paramref name="args"/> here when their command is compiled in, otherwise in the full nbtools.</summary>
    public static int RunNative(string[] args, CliConsole console)
    {
        var commands = CoreCommands(console).ToList();
        var verb = args.FirstOrDefault(a => !a.StartsWith('-'));
        if (verb is not null && commands.Any(c => c.Name == verb || c.Aliases.Contains(verb)))
        {
            return Run(args, console, commands);
        }
        return RunFull(args, console, verb);
    }

    private static partial bool IsInputError(Exception ex) => false;

    private static int RunFull(string[] args, CliConsole console, string? verb)
    {
        var full = Path.Combine(AppContext.BaseDirectory, FullFolder, OperatingSystem.IsWindows() ? "nbtools.exe" : "nbtools");
        if (!File.Exists(full))
        {
            var what = verb is null ? "this command line" : $"'{verb}'";
            console.Error.WriteLine($"nbtools: error: {TerminalText.OneLine($"{what} runs in the full nbtools, which this native build expects at {full}; publish both as docs/install.md shows")}");
            return ExitCodes.InputError;
        }
        if (OperatingSystem.IsWindows())
        {
            var start = new ProcessStartInfo(full) { UseShellExecute = false };
            foreach (var arg in args) start.ArgumentList.Add(arg);
            using var process = Process.Start(start)!;
            process.WaitForExit();
            return process.ExitCode;
        }
        var problem = Exec(full, args);
        console.Error.WriteLine($"nbtools: error: {TerminalText.OneLine($"cannot start the full nbtools at {full}: {problem}")}");
        return ExitCodes.InputError;
    }

    /// <summary>Replaces this process with <paramref name="program"/>; returns only on failure, with the reason.</summary>
    private static unsafe string Exec(string program, string[] args)
    {
        var argv = new nint[args.Length + 2];
        argv[0] = Marshal.StringToCoTaskMemUTF8(program);
        for (var i = 0; i < args.Length; i++) argv[i + 1] = Marshal.StringToCoTaskMemUTF8(args[i]);
        try
        {
            fixed (nint* pointers = argv)
            {
                ExecV(argv[0], pointers);
            }
            return Marshal.GetLastPInvokeErrorMessage();
        }
        finally
        {
            foreach (var pointer in argv) Marshal.FreeCoTaskMem(pointer);
        }
    }

    [LibraryImport("libc", EntryPoint = "execv", SetLastError = true)]
    private static unsafe partial int ExecV(nint path, nint* argv);
}
