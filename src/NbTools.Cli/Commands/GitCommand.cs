using System.CommandLine;
using NbTools.Core;
using NbTools.Core.Git;
using NbTools.Core.IO;

namespace NbTools.Cli.Commands;

/// <summary><c>nbtools git install|uninstall|doctor|textconv|merge-driver</c>.</summary>
public static class GitCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliConsole console)
    {
        var command = new Command("git", "Git integration: a notebook-aware diff (textconv), merge driver and optional output-stripping filter.");
        command.Subcommands.Add(Install(console));
        command.Subcommands.Add(Uninstall(console));
        command.Subcommands.Add(Doctor(console));
        command.Subcommands.Add(TextConv(console));
        command.Subcommands.Add(MergeDriver(console));
        return command;
    }

    private static (Option<bool> Global, Option<bool> Local, Option<bool> DryRun) ScopeOptions() => (
        new Option<bool>("--global") { Description = "For every repository of this user (~/.gitconfig and the global attributes file)." },
        new Option<bool>("--local") { Description = "For this repository (.git/config and .gitattributes); the default." },
        new Option<bool>("--dry-run") { Description = "Show what would change, change nothing." });

    private static Command Install(CliConsole console)
    {
        var (global, local, dryRun) = ScopeOptions();
        var strip = new Option<bool>("--strip-outputs") { Description = "Also install the clean filter 'nbtools strip -', so committed notebooks carry no outputs." };
        var driver = new Option<string?>("--driver")
        {
            Description = "A published nbtools-git (the Native AOT textconv and merge driver) for git to run instead of nbtools: for a dotnet tool install, which cannot carry it. " +
                "Default: the nbtools-git beside this nbtools, if there is one, else nbtools itself.",
            HelpName = "PATH",
        };
        var command = new Command("install", "Configure git: diff driver (textconv 'nbtools git textconv'), merge driver ('nbtools git merge-driver %O %A %B %L %P'), optionally the strip filter, and the *.ipynb line in .gitattributes. Idempotent; prints what it changed.")
        {
            global, local, dryRun, strip, driver,
        };
        command.SetAction(parse =>
        {
            var scope = parse.GetValue(global) ? GitScope.Global : GitScope.Local;
            var driverCommand = parse.GetValue(driver) is { } given ? GivenDriver(given) : NativeDriverCommand();
            foreach (var line in GitSetup.Install(scope, SelfCommand(), parse.GetValue(strip), parse.GetValue(dryRun), Environment.CurrentDirectory, driverCommand)) console.Out.WriteLine(line);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Uninstall(CliConsole console)
    {
        var (global, local, dryRun) = ScopeOptions();
        var command = new Command("uninstall", "Remove exactly what 'nbtools git install' added (same scope flags).") { global, local, dryRun };
        command.SetAction(parse =>
        {
            var scope = parse.GetValue(global) ? GitScope.Global : GitScope.Local;
            foreach (var line in GitSetup.Uninstall(scope, parse.GetValue(dryRun), Environment.CurrentDirectory)) console.Out.WriteLine(line);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Doctor(CliConsole console)
    {
        var command = new Command("doctor",
            "Show NbTools' git configuration in effect here and what would break a diff or a merge: a driver setting or attribute missing, attributes elsewhere " +
            "(such as .git/info/attributes from nbstripout or nbdime) that override it, a recorded nbtools that is missing, not executable or does not start, " +
            "or that is another version than this one (a stale install from another clone). Each finding names the command that fixes it. Exit 1 when something is wrong.");
        command.SetAction(_ =>
        {
            var (lines, healthy) = GitSetup.Doctor(Environment.CurrentDirectory, SelfCommand(), SelfVersion());
            foreach (var line in lines) console.Out.WriteLine(line);
            return healthy ? ExitCodes.Success : ExitCodes.Different;
        });
        return command;
    }

    private static Command TextConv(CliConsole console)
    {
        var file = new Argument<string>("file") { Description = "The notebook git wants as text." };
        var command = new Command("textconv", "Print a notebook as quiet text without outputs (its percent script), for git diff, git log -p and git show. An empty file or /dev/null prints nothing; a file that is not a notebook is printed as it is.")
        {
            file,
        };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            console.WriteBytes(GitTextConv.Render(InputFiles.ReadAllBytes(path), path));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command MergeDriver(CliConsole console)
    {
        var baseFile = new Argument<string>("base") { Description = "%O" };
        var local = new Argument<string>("local") { Description = "%A (the result is written here)" };
        var remote = new Argument<string>("remote") { Description = "%B" };
        var markerSize = new Argument<int>("marker-size") { Description = "%L (default 7)", Arity = ArgumentArity.ZeroOrOne };
        var path = new Argument<string>("path") { Description = "%P, the path git merges (names it in messages)", Arity = ArgumentArity.ZeroOrOne };
        var strategy = new MergeCommand.StrategyOptions();
        var command = new Command("merge-driver", "git's merge driver: merges %O %A %B, writes the result to %A. Exit 0 clean, 1 conflicts (git then reports the conflict). An empty %O (both branches added the file) merges against an empty notebook.")
        {
            baseFile, local, remote, markerSize, path,
        };
        strategy.AddTo(command);
        command.SetAction(parse =>
        {
            var localPath = parse.GetValue(local)!;
            var options = strategy.Options(parse) with { MarkerSize = parse.GetValue(markerSize) is > 0 and var size ? size : 7 };
            var result = GitMergeDriver.Run(parse.GetValue(baseFile)!, localPath, parse.GetValue(remote)!, options);
            var name = parse.GetValue(path) is { Length: > 0 } p ? p : localPath;
            MergeCommand.Report(console, result, name);
            return result.IsClean ? ExitCodes.Success : ExitCodes.Different;
        });
        return command;
    }

    /// <summary>How git should run this nbtools: its own executable, or 'dotnet nbtools.dll'.</summary>
    internal static string SelfCommand()
    {
        var process = Environment.ProcessPath ?? "nbtools";
        if (Path.GetFileNameWithoutExtension(process) != "dotnet") return Quote(process);
        // Run as 'dotnet nbtools.dll': the assembly beside the app's base (Assembly.Location is empty in native builds).
        var assembly = Path.Combine(AppContext.BaseDirectory, typeof(GitCommand).Assembly.GetName().Name + ".dll");
        return $"{Quote(process)} {Quote(assembly)}";
    }

    /// <summary>
    /// The native nbtools-git (textconv and merge driver only, Native AOT) when it was published
    /// beside this executable: git starts it in a fraction of nbtools' start-up time.
    /// </summary>
    internal static string? NativeDriverCommand()
    {
        var process = Environment.ProcessPath;
        if (process is null || Path.GetFileNameWithoutExtension(process) == "dotnet") return null;
        var native = Path.Combine(Path.GetDirectoryName(process)!, OperatingSystem.IsWindows() ? "nbtools-git.exe" : "nbtools-git");
        return File.Exists(native) ? Quote(native) : null;
    }

    /// <summary>The nbtools-git that <c>--driver</c> names, by its absolute path, or a one-line error when it is no program.</summary>
    private static string GivenDriver(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full)) throw new NbToolsException($"--driver {path}: no such file (publish it with: dotnet publish src/NbTools.GitDriver -c Release --use-current-runtime -o DIR)");
        if (!FileKind.IsExecutable(full)) throw new NbToolsException($"--driver {path}: not executable");
        return Quote(full);
    }

    /// <summary>What '<c>nbtools --version</c>' prints.</summary>
    internal static string SelfVersion() =>
        (typeof(GitCommand).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion ?? "0.0.0").Trim();

    private static string Quote(string path) => "'" + path.Replace("'", "'\\''") + "'";
}
