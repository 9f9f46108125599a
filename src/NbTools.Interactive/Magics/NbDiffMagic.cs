using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Directives;
using NbTools.Core;
using NbTools.Core.Git;
using NbTools.Core.Rendering.Html;
using NbTools.Core.Rendering.Terminal;
using NbTools.Interactive.Display;

namespace NbTools.Interactive.Magics;

/// <summary><c>#!nbdiff</c>: what changed in a notebook on disk since a git revision, cell by cell.</summary>
internal static class NbDiffMagic
{
    public static void Add(Kernel kernel)
    {
        var directive = new KernelActionDirective("#!nbdiff")
        {
            Description = "Show what changed in the notebook at PATH (as saved on disk) since a git revision (default HEAD), cell by cell: sources line by line, outputs per mime type, metadata per key. " +
                          "The diff page is shown in a sandboxed frame where no notebook script can run.",
            Parameters =
            {
                Magic.Text("--path", "The notebook (.ipynb, .dib, .md or a percent script) inside a git working tree.", implicitName: true, required: true),
                Magic.Text("--rev", "The git revision to compare with (default: HEAD)."),
            },
        };
        Magic.Add<NbDiffCommand>(kernel, directive, (command, context) =>
        {
            var full = Path.GetFullPath(command.Path);
            if (!File.Exists(full)) throw new NbToolsException($"{command.Path}: no such notebook");
            var rev = string.IsNullOrWhiteSpace(command.Rev) ? "HEAD" : command.Rev;
            var folder = Path.GetDirectoryName(full)!;
            var oldBytes = GitBlobs.Show(rev, Path.GetFileName(full), folder);
            var newNotebook = Notebooks.Read(full);
            var oldNotebook = oldBytes is null ? new Core.Model.Notebook() : Notebooks.Read(oldBytes, full);
            var diff = NotebookDiff.Compute(oldNotebook, newNotebook);
            var oldName = $"{rev}:{command.Path}";
            var text = diff.IsEmpty ? $"{command.Path}: no changes since {rev}\n" : TerminalRenderer.Render(diff, oldNotebook, oldName, command.Path, color: false);
            var html = diff.IsEmpty
                ? HtmlParts.Paragraph(text.TrimEnd())
                : HtmlParts.SandboxedPage(HtmlRenderer.Render(diff, oldNotebook, oldName, command.Path), $"Diff of {command.Path}", 640);
            Output.Show(context, command, html, text);
            return Task.CompletedTask;
        });
    }
}
