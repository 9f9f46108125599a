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
    public const int MaxCellBytes = 100 * 1024;

    public static byte[] Generate(string corpusFolder, int cells, int seed = 42, bool withIds = true, bool csharpOnly = false)
    {
        var pool = LoadPool(corpusFolder, csharpOnly);
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

    private static List<Cell> LoadPool(string corpusFolder, bool csharpOnly)
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
                if (size > MaxCellBytes) continue;
                if (csharpOnly && cell.IsCode && NbTools.Core.Formats.Text.NotebookLanguage.CellKernel(notebook, cell) != "csharp") continue;
                pool.Add(cell);
            }
        }
        if (pool.Count == 0) throw new InvalidOperationException($"no notebooks found in {corpusFolder}");
        return pool;
    }
}
