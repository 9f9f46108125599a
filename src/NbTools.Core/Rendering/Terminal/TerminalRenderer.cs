using System.Text;
using NbTools.Core.Diffing.Notebook;

namespace NbTools.Core.Rendering.Terminal;

/// <summary>Human-readable diff for a terminal: cell headers, line diffs with changed words highlighted, other changes as one line each.</summary>
public static class TerminalRenderer
{
    private const string Reset = "\u001b[0m";
    private const string Bold = "\u001b[1m";
    private const string Red = "\u001b[31m";
    private const string Green = "\u001b[32m";
    private const string Cyan = "\u001b[36m";
    private const string Yellow = "\u001b[33m";
    private const string RedBackground = "\u001b[41;97m";
    private const string GreenBackground = "\u001b[42;30m";

    public static string Render(NotebookDiffResult diff, Model.Notebook old, string oldName, string newName, bool color)
    {
        // Notebook text is escaped (TerminalText) before colour codes are added: only NbTools' own codes reach the terminal.
        string C(string code, string text) => color ? code + TerminalText.Escape(text) + Reset : TerminalText.Escape(text);
        var output = new StringBuilder();
        output.Append(C(Bold, $"--- {oldName}")).Append('\n').Append(C(Bold, $"+++ {newName}")).Append('\n');
        foreach (var change in diff.Cells.Where(DiffRendering.IsVisible))
        {
            output.Append('\n').Append(C(Cyan + Bold, DiffRendering.Header(change))).Append('\n');
            if (DiffRendering.SourceChanged(change))
            {
                foreach (var line in DiffRendering.SourceLines(change))
                {
                    var (prefix, lineColor, wordColor) = line.Kind switch
                    {
                        '-' => ("- ", Red, RedBackground),
                        '+' => ("+ ", Green, GreenBackground),
                        '…' => ("  ", Cyan, Cyan),
                        _ => ("  ", "", ""),
                    };
                    output.Append(color && lineColor.Length > 0 ? lineColor : "").Append(prefix);
                    foreach (var (text, changed) in line.Pieces)
                    {
                        var safe = TerminalText.Escape(text);
                        output.Append(color && changed ? wordColor + safe + Reset + lineColor : safe);
                    }
                    output.Append(color && lineColor.Length > 0 ? Reset : "").Append('\n');
                }
            }
            foreach (var detail in DiffRendering.Details(change, diff.Options)) output.Append("  ").Append(C(Yellow, detail)).Append('\n');
        }
        var notebookDetails = DiffRendering.NotebookDetails(diff, old);
        if (notebookDetails.Count > 0)
        {
            output.Append('\n').Append(C(Cyan + Bold, "notebook")).Append('\n');
            foreach (var detail in notebookDetails) output.Append("  ").Append(C(Yellow, detail)).Append('\n');
        }
        return output.ToString();
    }
}
