using System.Text;
using NbTools.Core.Formats;
using NbTools.Core.Formats.Text;
using NbTools.Core.Model;

namespace NbTools.Core.Git;

/// <summary>
/// What git's textconv shows for a notebook: its percent script without outputs, under a banner
/// when a merge left conflicts in it; a file that is not a notebook is shown as it is.
/// Shared by <c>nbtools git textconv</c> and the native <c>nbtools-git</c>.
/// </summary>
public static class GitTextConv
{
    /// <summary>The text git shows for <paramref name="bytes"/>, read from <paramref name="path"/>.</summary>
    public static byte[] Render(byte[] bytes, string path)
    {
        if (bytes.Length == 0) return bytes;
        try
        {
            var notebook = Notebooks.Read(bytes, path, "ipynb");
            using var buffer = new MemoryStream();
            WriteConflictBanner(notebook, buffer);
            NotebookFormats.ScriptFor(notebook, TextFormatOptions.Default).Write(notebook, buffer);
            return buffer.ToArray();
        }
        catch (NbToolsException)
        {
            return bytes; // not a notebook we can read: git shows its text as it is
        }
    }

    /// <summary>
    /// A merge's leftovers are in metadata, which the script leaves out: say so on top, in the
    /// script's own comment syntax, so a diff or a log shows a notebook committed unresolved.
    /// </summary>
    private static void WriteConflictBanner(Notebook notebook, Stream output)
    {
        var status = NotebookMerge.Conflicts(notebook);
        if (status.IsClear) return;
        var language = NotebookLanguage.ScriptLanguageOf(notebook);
        var suffix = language.CommentSuffix.Length == 0 ? "" : " " + language.CommentSuffix;
        var banner = new StringBuilder();
        foreach (var problem in status.Problems()) banner.Append($"{language.Comment} nbtools: {problem}{suffix}\n");
        output.Write(Encoding.UTF8.GetBytes(banner.ToString()));
    }
}
