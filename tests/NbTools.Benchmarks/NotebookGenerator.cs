using NbTools.Core;
using NbTools.Core.Formats.Ipynb;
using NbTools.Core.Model;
using Newtonsoft.Json.Linq;

namespace NbTools.Benchmarks;

/// <summary>
/// Builds large notebooks from real corpus cells, deterministically: the same seed and cell count
/// always give the same bytes. Cells keep their sources, metadata and real outputs; very large
/// cells are left out so the average stays near a typical notebook's (≈2 KB a cell).
/// </summary>
public static class NotebookGenerator
{
    public const int DefaultMaxCellBytes = 100 * 1024;

    /// <summary>
    /// A deterministic edited copy of a notebook, as a colleague's version: every 20th cell edited,
    /// every 50th deleted, a new cell every 40, and one cell moved from the end to the front.
    /// </summary>
    public static byte[] Edit(byte[] notebookBytes)
    {
        var notebook = Notebooks.Read(notebookBytes, "edit.ipynb");
        for (var i = notebook.Cells.Count - 1; i >= 0; i--)
        {
            if (i % 50 == 49) notebook.Cells.RemoveAt(i);
            else if (i % 20 == 7) notebook.Cells[i].Source += "\n# edited";
            if (i % 40 == 13) notebook.Cells.Insert(i, new Cell(CellType.Markdown, $"Inserted note {i}") { Id = notebook.NbFormatMinor >= 5 ? $"new-{i:x6}" : null });
        }
        if (notebook.Cells.Count > 2)
        {
            var last = notebook.Cells[^1];
            notebook.Cells.RemoveAt(notebook.Cells.Count - 1);
            notebook.Cells.Insert(0, last);
        }
        return Notebooks.ToBytes(notebook);
    }

    /// <summary>
    /// A second colleague's version for three-way merges: other cells edited (every 20th, offset
    /// from <see cref="Edit"/>'s), a new cell every 60; no deletes or moves.
    /// </summary>
    public static byte[] EditOther(byte[] notebookBytes)
    {
        var notebook = Notebooks.Read(notebookBytes, "edit-other.ipynb");
        for (var i = notebook.Cells.Count - 1; i >= 0; i--)
        {
            if (i % 20 == 15) notebook.Cells[i].Source += "\n# changed by the other side";
            if (i % 60 == 31) notebook.Cells.Insert(i, new Cell(CellType.Markdown, $"Other side's note {i}") { Id = notebook.NbFormatMinor >= 5 ? $"other-{i:x6}" : null });
        }
        return Notebooks.ToBytes(notebook);
    }

    public static byte[] Generate(string corpusFolder, int cells, int seed = 42, bool withIds = true, bool csharpOnly = false, int maxCellBytes = DefaultMaxCellBytes)
    {
        var pool = LoadPool(corpusFolder, csharpOnly, maxCellBytes);
        var random = new Random(seed);
        var notebook = new Notebook { NbFormatMinor = withIds ? 5 : 4 };
        notebook.Metadata["kernelspec"] = csharpOnly
            ? new JObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" }
            : new JObject { ["display_name"] = "Python 3", ["language"] = "python", ["name"] = "python3" };
        notebook.Metadata["language_info"] = new JObject { ["name"] = csharpOnly ? "C#" : "python" };
        for (var i = 0; i < cells; i++)
        {
            var source = pool[random.Next(pool.Count)];
            var cell = new Cell(source.CellType, source.Source) { ExecutionCount = source.IsCode ? i + 1 : null };
            cell.Metadata = (JObject)source.Metadata.DeepClone();
            if (source.Attachments is { } attachments) cell.Attachments = (JObject)attachments.DeepClone();
            foreach (var output in source.Outputs) cell.Outputs.Add(new Output((JObject)output.Content.DeepClone()));
            if (withIds) cell.Id = $"cell-{i:x6}";
            notebook.Cells.Add(cell);
        }
        return Notebooks.ToBytes(notebook);
    }

    private static List<Cell> LoadPool(string corpusFolder, bool csharpOnly, int maxCellBytes)
    {
        var pool = new List<Cell>();
        foreach (var file in Directory.GetFiles(corpusFolder, "*.ipynb").Order(StringComparer.Ordinal))
        {
            var notebook = Notebooks.Read(file);
            if (notebook.UpgradedFrom is not null) continue;
            if (csharpOnly && (string?)notebook.Metadata.SelectToken("kernelspec.name") != ".net-csharp") continue;
            foreach (var cell in notebook.Cells)
            {
                if (cell.CellType is not (CellType.Code or CellType.Markdown or CellType.Raw)) continue;
                var size = cell.Source.Length + cell.Outputs.Sum(o => o.Content.ToString(Newtonsoft.Json.Formatting.None).Length);
                if (size > maxCellBytes) continue;
                if (csharpOnly && cell.IsCode && NbTools.Core.Formats.Text.NotebookLanguage.CellKernel(notebook, cell) != "csharp") continue;
                pool.Add(cell);
            }
        }
        if (pool.Count == 0) throw new InvalidOperationException($"no notebooks found in {corpusFolder}");
        return pool;
    }
}
