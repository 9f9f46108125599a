using System.CommandLine;
using System.Runtime.CompilerServices;
using NbTools.Mergetool;

namespace NbTools.Cli.Commands;

/// <summary>
/// <c>nbtools mergetool [BASE LOCAL REMOTE -o MERGED]</c>. The web page lives in NbTools.Mergetool,
/// which is loaded only when this command runs (the code touching it is in methods of its own), so
/// textconv and the merge driver start without it.
/// </summary>
public static class MergetoolCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliConsole console)
    {
        var files = new Argument<string[]>("files") { Description = "BASE LOCAL REMOTE (all three, or none: the conflicted notebooks of 'git status').", Arity = new ArgumentArity(0, 3) };
        var output = new Option<string>("--out", "-o") { Description = "MERGED: where Save writes the resolved notebook (with BASE LOCAL REMOTE)." };
        var noBrowser = ToolPage.NoBrowserOption();
        var command = new Command("mergetool",
            "Resolve a notebook merge's conflicts cell by cell in a local web page: each conflict shows base, local and remote side by side (sources as line diffs, " +
            "Markdown rendered, outputs sanitised as in the HTML diff, no notebook script ever runs); per conflict take local, remote, both (either order), base, " +
            "or edit the source. Save (enabled once no conflict is left) writes the merged notebook atomically, in the local file's style, validated, without " +
            "metadata.nbtools.conflicts. The page is served on 127.0.0.1, on a random port, with a random token in its address that every request must carry.\n" +
            "Without arguments: every notebook 'git status' shows as conflicted, one after the other (then 'git add' them). " +
            "With 'nbtools git install', 'git mergetool --tool nbtools' runs it.\n\n" +
            "Exit codes:\n  0  saved\n  1  closed without saving (Close, closing the tab, Ctrl+C): nothing written\n  2  bad arguments or unreadable notebooks\n  3  internal error")
        {
            files, output, noBrowser,
        };
        command.SetAction(parse =>
        {
            var given = parse.GetValue(files) ?? [];
            var merged = parse.GetValue(output);
            if (given.Length == 0 && merged is null) return FromGitStatus(console, !parse.GetValue(noBrowser));
            if (given.Length != 3 || merged is null) throw new NbTools.Core.NbToolsException("mergetool takes BASE LOCAL REMOTE -o MERGED, or no arguments (the conflicted notebooks of git status)");
            return Resolve(console, new MergeToolRequest(given[0], given[1], given[2], merged), merged, !parse.GetValue(noBrowser));
        });
        return command;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int Resolve(CliConsole console, MergeToolRequest request, string shownName, bool openBrowser) =>
        ToolPage.Serve(console, NbTools.Mergetool.Mergetool.StartMerge(request), $"resolve the conflicts of {shownName}", openBrowser);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int FromGitStatus(CliConsole console, bool openBrowser)
    {
        var skipped = new List<string>();
        var entries = ConflictedNotebooks.Find(Environment.CurrentDirectory, skipped);
        foreach (var path in skipped) console.Error.WriteLine($"nbtools: {path}: deleted on one side; resolve it with 'git rm' or 'git checkout --ours/--theirs'");
        if (entries.Count == 0)
        {
            console.Out.WriteLine("no conflicted notebooks in git status");
            return skipped.Count == 0 ? ExitCodes.Success : ExitCodes.Different;
        }
        var exit = skipped.Count == 0 ? ExitCodes.Success : ExitCodes.Different;
        var stages = Directory.CreateTempSubdirectory("nbtools-mergetool-");
        try
        {
            foreach (var entry in entries)
            {
                var name = Path.GetFileNameWithoutExtension(entry.Path);
                string Stage(string side, byte[] bytes)
                {
                    var file = Path.Combine(stages.FullName, $"{name}.{side}.ipynb");
                    File.WriteAllBytes(file, bytes);
                    return file;
                }
                var request = new MergeToolRequest(Stage("BASE", entry.Base), Stage("LOCAL", entry.Local), Stage("REMOTE", entry.Remote), entry.Path);
                var code = Resolve(console, request, entry.Path, openBrowser);
                if (code == ExitCodes.Success) console.Out.WriteLine($"saved {entry.Path}; 'git add' it to mark it resolved");
                else exit = ExitCodes.Different;
            }
        }
        finally
        {
            stages.Delete(recursive: true);
        }
        return exit;
    }
}
