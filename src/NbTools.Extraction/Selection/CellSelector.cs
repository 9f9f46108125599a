using NbTools.Core.Formats.Text;
using NbTools.Core.Model;
using Newtonsoft.Json.Linq;

namespace NbTools.Extraction.Selection;

/// <summary>
/// Picks the cells to extract, nbdev's way: cells marked <c>//| export</c> (or tagged <c>export</c>)
/// when any is marked, else every C# code cell; <c>//| hide</c> cells never; <c>//| test</c> cells
/// (tag <c>test</c>) as tests; the first <c>parameters</c> cell (papermill's tag, or
/// <c>//| parameters</c>) as the parameters. A cell's kernel is decided as Polyglot decides it: a
/// first-line kernel magic, else its <c>polyglot_notebook</c>/<c>dotnet_interactive</c> metadata,
/// else the notebook's default kernel.
/// </summary>
internal static class CellSelector
{
    private static readonly HashSet<string> CSharpKernels = new(StringComparer.OrdinalIgnoreCase) { "csharp", "c#", ".net-csharp" };

    /// <summary>Magic commands of the .NET Interactive kernels (as opposed to kernel names).</summary>
    private static readonly HashSet<string> Commands = new(StringComparer.Ordinal)
    {
        "time", "share", "set", "import", "lsmagic", "who", "whos", "connect", "about", "log",
        // NbTools.Interactive's (docs/interactive.md): #!experiment and #!end-run are translated, the others removed.
        "experiment", "end-run", "runs", "nbdiff", "sync",
    };

    public static List<SelectedCell> Select(Notebook notebook, string label, List<ExtractNote> notes)
    {
        // A Polyglot notebook that names no default kernel (a .dib without #!meta) runs in C#, Polyglot's default.
        var mainIsCSharp = NotebookLanguage.MainLanguage(notebook) == "csharp"
            || (NotebookLanguage.DefaultKernel(notebook) is null && notebook.Metadata["polyglot_notebook"] is not null);
        var candidates = new List<(int Number, Cell Cell, HashSet<string> Marks)>();
        for (var i = 0; i < notebook.Cells.Count; i++)
        {
            var cell = notebook.Cells[i];
            var number = i + 1;
            if (!cell.IsCode) continue;
            var kernel = KernelOf(notebook, cell, mainIsCSharp);
            if (kernel is null || !CSharpKernels.Contains(kernel))
            {
                if (!string.IsNullOrWhiteSpace(cell.Source)) notes.Add(new(label, number, null, ExtractNoteKind.Skipped, $"{kernel ?? "unknown"} kernel, not C#"));
                continue;
            }
            if (string.IsNullOrWhiteSpace(cell.Source)) continue;
            candidates.Add((number, cell, MarksOf(cell)));
        }
        var anyExport = candidates.Any(c => c.Marks.Contains("export"));
        var parametersTaken = false;
        var selected = new List<SelectedCell>();
        foreach (var (number, cell, marks) in candidates)
        {
            if (marks.Contains("hide"))
            {
                notes.Add(new(label, number, null, ExtractNoteKind.Skipped, "marked hide"));
                continue;
            }
            if (marks.Contains("test"))
            {
                selected.Add(new(number, cell.Source, CellRole.Test));
                continue;
            }
            if (marks.Contains("parameters") && !parametersTaken)
            {
                parametersTaken = true;
                selected.Add(new(number, cell.Source, CellRole.Parameters));
                continue;
            }
            if (anyExport && !marks.Contains("export"))
            {
                notes.Add(new(label, number, null, ExtractNoteKind.Skipped, "not marked export (other cells are)"));
                continue;
            }
            selected.Add(new(number, cell.Source, CellRole.Code));
        }
        return selected;
    }

    /// <summary>The cell's kernel: a first-line C# magic, else what Polyglot's metadata rules say, else the notebook's language.</summary>
    private static string? KernelOf(Notebook notebook, Cell cell, bool mainIsCSharp)
    {
        var first = FirstLine(cell.Source).Trim();
        if (first.StartsWith("#!", StringComparison.Ordinal))
        {
            var name = first[2..].Trim();
            if (CSharpKernels.Contains(name)) return "csharp";
            // Any other first-line magic that is not one of the kernel's commands switches the cell to
            // that kernel – also kernels the notebook connects at run time (#!connect … --kernel-name).
            var word = name.Split(' ', 2)[0];
            if (word.Length > 0 && !Commands.Contains(word)) return word;
        }
        return NotebookLanguage.CellKernel(notebook, cell) ?? (mainIsCSharp ? "csharp" : NotebookLanguage.MainLanguage(notebook));
    }

    /// <summary>nbdev-style <c>//| word</c> lines at the top of the cell (after kernel magics) and the cell's tags.</summary>
    private static HashSet<string> MarksOf(Cell cell)
    {
        var marks = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var raw in cell.Source.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith("#!", StringComparison.Ordinal)) continue;
            if (!line.StartsWith("//|", StringComparison.Ordinal)) break;
            foreach (var word in line[3..].Split([' ', '\t', ','], StringSplitOptions.RemoveEmptyEntries)) marks.Add(word);
        }
        if (cell.Metadata["tags"] is JArray tags)
        {
            foreach (var tag in tags) if ((string?)tag is { } t) marks.Add(t);
        }
        return marks;
    }

    private static string FirstLine(string source)
    {
        var end = source.IndexOf('\n');
        return end < 0 ? source : source[..end];
    }
}
