using NbTools.Core.Model;

namespace NbTools.Core.Tests.Support;

/// <summary>Notebooks past the sizes where NbTools reads in parallel, grown from a corpus notebook's own cells.</summary>
public static class LargeNotebooks
{
    /// <summary>
    /// The bytes of a notebook of at least <paramref name="minBytes"/>: <paramref name="seed"/>'s cells
    /// repeated (copies, so each is written anew), each copy passed through <paramref name="edit"/> (its number).
    /// </summary>
    public static byte[] Grown(byte[] seed, long minBytes, Action<Cell, int>? edit = null)
    {
        var notebook = Notebooks.Read(seed, "seed.ipynb");
        var cells = notebook.Cells.ToList();
        // Enough copies in one go to pass the size (a serialization of the grown notebook checks it).
        var rounds = (int)(minBytes / seed.Length) + 1;
        var copies = 0;
        byte[] bytes;
        while ((bytes = Notebooks.ToBytes(notebook)).Length < minBytes)
        {
            foreach (var cell in Enumerable.Repeat(cells, rounds).SelectMany(c => c))
            {
                var copy = new Cell(cell.CellType, cell.Source) { Metadata = cell.CopyMetadata() };
                foreach (var output in cell.Outputs) copy.Outputs.Add(new Output(output.CopyContent()));
                edit?.Invoke(copy, copies++);
                notebook.Cells.Add(copy);
            }
        }
        return bytes;
    }
}
