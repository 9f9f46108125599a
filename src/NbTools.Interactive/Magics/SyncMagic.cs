using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Directives;
using NbTools.Core;
using NbTools.Core.Formats.Text;
using NbTools.Core.Pairing;
using NbTools.Interactive.Display;

namespace NbTools.Interactive.Magics;

/// <summary><c>#!sync</c>: brings paired notebooks and their texts up to date and shows what changed.</summary>
internal static class SyncMagic
{
    private static readonly (string, SyncPreference)[] Preferences = [("text", SyncPreference.Text), ("ipynb", SyncPreference.Ipynb)];
    private static readonly string[] Header = ["notebook", "what happened", "files written"];

    public static void Add(Kernel kernel)
    {
        var prefer = Magic.Choice("--prefer", "When both the notebook and its text changed since the last sync: keep text or ipynb (without it, such a pair is a conflict and nothing is written).", Preferences);
        var directive = new KernelActionDirective("#!sync")
        {
            Description = "Sync paired notebooks and their texts (nbtools sync): a text edit updates the notebook's inputs and keeps the outputs of unchanged cells; a notebook edit regenerates the texts. " +
                          "Which side changed is decided by content, never by file times. Save the notebook first: the kernel sees the files on disk.",
            Parameters =
            {
                Magic.Text("--path", "A paired notebook, one of its texts, or a folder (every pair below it); default: the current folder.", implicitName: true),
                Magic.Flag("--check", "Change nothing; list the pairs that are out of date."),
                prefer,
            },
        };
        Magic.Add<SyncCommand>(kernel, directive, (command, context) =>
        {
            var preference = Magic.Pick(command.Prefer, "--prefer", SyncPreference.None, Preferences);
            var path = string.IsNullOrWhiteSpace(command.Path) ? "." : command.Path;
            if (!File.Exists(path) && !Directory.Exists(path)) throw new NbToolsException($"{path}: no such file or folder");
            var result = NotebookPairing.Sync(new SyncRequest([path], command.Check, preference, KeepStaleOutputs: false, TextFormatOptions.Default));
            var rows = result.Pairs.Select(p => (IReadOnlyList<string>)[p.Notebook, p.Message, string.Join(", ", p.Written)]).ToList();
            if (rows.Count == 0)
            {
                var none = $"{path}: no paired notebooks";
                Output.Show(context, command, HtmlParts.Paragraph(none), none + "\n");
                return Task.CompletedTask;
            }
            Output.Show(context, command, HtmlParts.Table("nbtools-sync", Header, rows), TextTable.Render(Header, rows));
            return Task.CompletedTask;
        });
    }
}
