using NbTools.Core.Model;
using Newtonsoft.Json.Linq;

namespace NbTools.Core.Formats.Ipynb;

/// <summary>
/// Deterministic nbformat 4.5 cell ids: 8 hex digits of a 64-bit FNV-1a hash of the cell's type
/// and source (UTF-16 code units), with <c>-2</c>, <c>-3</c>… appended when two cells would share
/// one. The same content always gets the same id, so regenerated notebooks do not churn in git
/// (nbformat itself draws random ids). Not a security hash: ids only need to be stable and rarely collide.
/// </summary>
public static class CellIds
{
    /// <summary>The id a cell with this type and source gets when nothing else claims it.</summary>
    public static string For(string cellType, string source)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in cellType) hash = (hash ^ c) * 1099511628211UL;
        hash = (hash ^ 0) * 1099511628211UL;
        foreach (var c in source) hash = (hash ^ c) * 1099511628211UL;
        return ((uint)(hash ^ (hash >> 32))).ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Gives every cell without an id a deterministic one, unique within the notebook.</summary>
    public static void Assign(Notebook notebook)
    {
        var taken = new HashSet<string>(notebook.Cells.Where(c => c.Id is not null).Select(c => c.Id!), StringComparer.Ordinal);
        foreach (var cell in notebook.Cells)
        {
            cell.Id ??= Claim(taken, For(cell.CellType, cell.Source));
        }
    }

    /// <summary>Gives the listed cells of a notebook deterministic ids, unique among all its cells; other cells are left alone.</summary>
    public static void AssignTo(Notebook notebook, IEnumerable<Cell> cells)
    {
        var taken = new HashSet<string>(notebook.Cells.Where(c => c.Id is not null).Select(c => c.Id!), StringComparer.Ordinal);
        foreach (var cell in cells)
        {
            cell.Id ??= Claim(taken, For(cell.CellType, cell.Source));
        }
    }

    internal static void Assign(JArray cells)
    {
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var cell in cells.OfType<JObject>())
        {
            var source = cell["source"] is JArray lines ? string.Concat(lines.Select(l => (string?)l)) : (string?)cell["source"] ?? "";
            cell["id"] = Claim(taken, For((string?)cell["cell_type"] ?? "", source));
        }
    }

    private static string Claim(HashSet<string> taken, string id)
    {
        var candidate = id;
        for (var n = 2; !taken.Add(candidate); n++) candidate = $"{id}-{n}";
        return candidate;
    }
}
