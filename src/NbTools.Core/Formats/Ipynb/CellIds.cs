using NbTools.Core.Json;
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
        var taken = new Claims(notebook.Cells.Where(c => c.Id is not null).Select(c => c.Id!), notebook.Cells.Count);
        foreach (var cell in notebook.Cells)
        {
            cell.Id ??= taken.Claim(For(cell.CellType, cell.Source));
        }
    }

    /// <summary>Gives the listed cells of a notebook deterministic ids, unique among all its cells; other cells are left alone.</summary>
    public static void AssignTo(Notebook notebook, IEnumerable<Cell> cells)
    {
        var taken = new Claims(notebook.Cells.Where(c => c.Id is not null).Select(c => c.Id!));
        foreach (var cell in cells)
        {
            cell.Id ??= taken.Claim(For(cell.CellType, cell.Source));
        }
    }

    internal static void Assign(JArray cells)
    {
        var taken = new Claims([]);
        foreach (var cell in cells.OfType<JObject>())
        {
            var source = cell["source"] is JArray lines ? string.Concat(lines.Select(l => l.Str())) : cell["source"].Str() ?? "";
            cell["id"] = taken.Claim(For(cell["cell_type"].Str() ?? "", source));
        }
    }

    /// <summary>
    /// Ids in use, and per base id the next suffix to try: 20,000 identical cells take linear time,
    /// not a scan from <c>-2</c> for each (the ids are the same either way, as ids are only added).
    /// </summary>
    private sealed class Claims
    {
        private readonly HashSet<string> taken;
        private readonly Dictionary<string, int> next = new(StringComparer.Ordinal);

        /// <param name="existing">The ids already in use.</param>
        /// <param name="capacity">How many ids there will be: the set is made that large at once, not grown by doubling.</param>
        public Claims(IEnumerable<string> existing, int capacity = 0)
        {
            taken = new HashSet<string>(capacity, StringComparer.Ordinal);
            taken.UnionWith(existing);
        }

        public string Claim(string id)
        {
            if (taken.Add(id)) return id;
            var n = next.GetValueOrDefault(id, 2);
            while (!taken.Add($"{id}-{n}")) n++;
            next[id] = n + 1;
            return $"{id}-{n}";
        }
    }
}
