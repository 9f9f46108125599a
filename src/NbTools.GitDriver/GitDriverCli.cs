using System.Reflection;
using NbTools.Core;
using NbTools.Core.Git;
using NbTools.Core.IO;
using NbTools.Core.Rendering;

namespace NbTools.GitDriver;

/// <summary>
/// <c>nbtools-git</c>: the two commands git runs once per notebook, <c>git textconv FILE</c> and
/// <c>git merge-driver %O %A %B [%L] [%P] [options]</c>, with nbtools' own arguments, output and
/// exit codes, in a program small enough for Native AOT (no command-line library, no HTML, no
/// Roslyn). <c>nbtools git install</c> records it when it was published beside nbtools.
/// </summary>
public static class GitDriverCli
{
    private const string Usage = "usage: nbtools-git git textconv FILE | nbtools-git git merge-driver BASE LOCAL REMOTE [MARKER-SIZE] [PATH] " +
        "[--strategy S] [--source-strategy S] [--output-strategy S] [--metadata-strategy S] [--local-label L] [--remote-label L] | nbtools-git --version\n" +
        "git's textconv and merge driver for notebooks, as 'nbtools git textconv' and 'nbtools git merge-driver' (see 'nbtools git --help').\n" +
        "Exit codes: 0 success, 1 merge conflicts, 2 usage or input error, 3 internal error.";

    /// <summary>Runs with <paramref name="args"/>; returns the exit code.</summary>
    public static int Run(string[] args, Stream output, TextWriter error)
    {
        try
        {
            return args switch
            {
                ["--version"] => Print(output, Version() + "\n"),
                ["--help" or "-h"] => Print(output, Usage + "\n"),
                ["git", "textconv", var file] => TextConv(file, output),
                ["git", "merge-driver", .. var rest] => MergeDriverArguments.Parse(rest) is { } merge ? MergeDriver(merge, error) : Fail(error, $"merge-driver: {MergeDriverArguments.Problem(rest)}"),
                _ => Fail(error, "expected 'git textconv FILE' or 'git merge-driver BASE LOCAL REMOTE ...'"),
            };
        }
        catch (NbToolsException ex)
        {
            error.WriteLine($"nbtools: error: {TerminalText.OneLine(ex.Message)}");
            return 2;
        }
        catch (Exception ex)
        {
            error.WriteLine($"nbtools: internal error: {ex.GetType().Name}: {TerminalText.OneLine(ex.Message)}");
            return 3;
        }
        finally
        {
            output.Flush();
            error.Flush();
        }
    }

    private static int TextConv(string file, Stream output)
    {
        output.Write(GitTextConv.Render(InputFiles.ReadAllBytes(file), file));
        return 0;
    }

    private static int MergeDriver(MergeDriverArguments merge, TextWriter error)
    {
        var result = GitMergeDriver.Run(merge.Base, merge.Local, merge.Remote, merge.Options);
        foreach (var line in GitMergeDriver.ConflictLines(result, merge.Path ?? merge.Local)) error.WriteLine(line);
        return result.IsClean ? 0 : 1;
    }

    private static int Fail(TextWriter error, string problem)
    {
        error.WriteLine($"nbtools: error: {TerminalText.OneLine(problem)}");
        error.WriteLine("Run 'nbtools-git --help' for usage.");
        return 2;
    }

    private static int Print(Stream output, string text)
    {
        output.Write(System.Text.Encoding.UTF8.GetBytes(text));
        return 0;
    }

    /// <summary>The same version text as 'nbtools --version' of the same build (git doctor compares them).</summary>
    private static string Version() =>
        (typeof(GitDriverCli).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0").Trim();
}
