using System.CommandLine;
using System.Runtime.CompilerServices;
using NbTools.Mergetool;

namespace NbTools.Cli.Commands;

/// <summary><c>nbtools difftool A B</c>: the HTML diff served as the mergetool's page is (NbTools.Mergetool, loaded only here).</summary>
public static class DifftoolCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliConsole console)
    {
        var old = new Argument<string>("old") { Description = "The old notebook (/dev/null or an empty file: none)." };
        var updated = new Argument<string>("new") { Description = "The new notebook (/dev/null or an empty file: none)." };
        var noBrowser = ToolPage.NoBrowserOption();
        var command = new Command("difftool",
            "Show the HTML diff of two notebooks (as 'nbtools diff --format html') in a local web page served on 127.0.0.1 with a random token, " +
            "until the page is closed. No notebook script runs. With 'nbtools git install', 'git difftool --tool nbtools' runs it.\n\n" +
            "Exit codes:\n  0  the page was closed\n  1  stopped with Ctrl+C\n  2  bad arguments or unreadable notebooks\n  3  internal error")
        {
            old, updated, noBrowser,
        };
        command.SetAction(parse => Show(console, new DiffToolRequest(parse.GetValue(old)!, parse.GetValue(updated)!), !parse.GetValue(noBrowser)));
        return command;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int Show(CliConsole console, DiffToolRequest request, bool openBrowser) =>
        ToolPage.Serve(console, NbTools.Mergetool.Mergetool.StartDiff(request), $"see the diff of {request.OldPath} and {request.NewPath}", openBrowser);
}
