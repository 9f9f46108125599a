using System.Net;
using NbTools.Core.Merging;
using NbTools.Core.Model;
using NbTools.Core.Rendering.Html;
using Newtonsoft.Json.Linq;

namespace NbTools.Mergetool;

/// <summary>
/// What the page shows: the inline merge cell by cell (HTML fragments sanitised as in the HTML
/// diff), and per conflict its three sides, the choices it allows and the text an edit starts from.
/// Cells a conflict stands for (its marked source, or the marker cells around two sides' inserts)
/// are shown in the conflict, not again as cells.
/// </summary>
internal static class MergePageState
{
    public static JObject Build(MergeToolRequest request, MergeResult inline)
    {
        var cells = inline.Notebook.Cells;
        var coveredBy = new int[cells.Count];
        Array.Fill(coveredBy, -1);
        var conflicts = new JArray();
        for (var i = 0; i < inline.Conflicts.Count; i++)
        {
            var conflict = inline.Conflicts[i];
            var (start, count) = Covered(conflict);
            for (var c = start; c < start + count && c < cells.Count; c++) coveredBy[c] = i;
            conflicts.Add(Conflict(i, conflict, cells));
        }
        var shown = new JArray();
        for (var i = 0; i < cells.Count; i++)
        {
            shown.Add(new JObject
            {
                ["number"] = i + 1,
                ["type"] = cells[i].CellType.ToString().ToLowerInvariant(),
                ["conflict"] = coveredBy[i],
                ["html"] = coveredBy[i] >= 0 ? "" : HtmlRenderer.CellFragment(cells[i], null),
            });
        }
        return new JObject
        {
            ["mode"] = "merge",
            ["file"] = request.MergedPath,
            ["cells"] = shown,
            ["conflicts"] = conflicts,
        };
    }

    /// <summary>The merged cells that show this conflict inline (and that the page replaces by it).</summary>
    private static (int Start, int Count) Covered(MergeConflict conflict) => conflict.Kind switch
    {
        "source" or "delete-modify" or "modify-delete" => (conflict.Cell, 1),
        "insert-insert" => (conflict.Cell, 3 + conflict.Sides!.Local.Count + conflict.Sides.Remote.Count),
        _ => (conflict.Cell, 0),
    };

    private static JObject Conflict(int index, MergeConflict conflict, List<Cell> cells)
    {
        var sides = conflict.Sides ?? new ConflictSides([], [], []);
        var baseCell = sides.Base.Count == 1 ? sides.Base[0] : null;
        var entry = new JObject
        {
            ["index"] = index,
            ["kind"] = conflict.Kind,
            ["cell"] = conflict.Cell + 1,
            ["title"] = Title(conflict),
            ["choices"] = new JArray(ConflictDecision.ChoicesFor(conflict.Kind).Select(Decisions.Name)),
            ["base"] = Side(sides.Base, null, sides.BaseValue, conflict),
            ["local"] = Side(sides.Local, baseCell, sides.LocalValue, conflict),
            ["remote"] = Side(sides.Remote, baseCell, sides.RemoteValue, conflict),
        };
        if (conflict.Kind == "source") entry["edit"] = cells[conflict.Cell].Source;
        else if (conflict.Kind is "delete-modify") entry["edit"] = sides.Remote[0].Source;
        else if (conflict.Kind is "modify-delete") entry["edit"] = sides.Local[0].Source;
        else if (conflict.Kind is "metadata") entry["edit"] = sides.LocalValue?.ToString(Newtonsoft.Json.Formatting.Indented) ?? "";
        return entry;
    }

    private static string Title(MergeConflict conflict)
    {
        var where = conflict.Cell >= 0 ? $"cell {conflict.Cell + 1}" : "notebook metadata";
        return conflict.Kind switch
        {
            "source" => $"{where}: both sides changed the same lines",
            "delete-modify" => $"{where}: local deleted this cell, remote changed it",
            "modify-delete" => $"{where}: local changed this cell, remote deleted it",
            "insert-insert" => $"{where}: both sides inserted different cells here",
            "cell_type" => $"{where}: both sides changed the cell type",
            "metadata" => $"{where}: both sides changed metadata key '{conflict.Key}'",
            _ => $"{where}: {conflict.Kind}",
        };
    }

    private static string Side(IReadOnlyList<Cell> sideCells, Cell? against, JToken? value, MergeConflict conflict)
    {
        if (conflict.Kind == "metadata")
        {
            return value is null ? "<p class=\"absent\">(no value)</p>" : "<pre class=\"source\">" + WebUtility.HtmlEncode(value.ToString(Newtonsoft.Json.Formatting.Indented)) + "</pre>";
        }
        if (sideCells.Count == 0) return conflict.Kind is "delete-modify" or "modify-delete" ? "<p class=\"absent\">(deleted)</p>" : "<p class=\"absent\">(nothing)</p>";
        var prefix = conflict.Kind == "cell_type" ? (Func<Cell, string>)(c => "<p class=\"type\">" + c.CellType.ToString().ToLowerInvariant() + " cell</p>") : _ => "";
        return string.Concat(sideCells.Select(c => "<div class=\"cell\">" + prefix(c) + HtmlRenderer.CellFragment(c, against is null || ReferenceEquals(c, against) ? null : against) + "</div>"));
    }
}
