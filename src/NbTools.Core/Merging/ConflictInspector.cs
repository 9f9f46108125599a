using NbTools.Core.Model;
using Newtonsoft.Json.Linq;

namespace NbTools.Core.Merging;

/// <summary>Finds a merge's leftovers in a notebook (see <see cref="ConflictStatus"/>) and clears its record.</summary>
internal static class ConflictInspector
{
    private const int MinimumMarker = 7;

    public static ConflictStatus Inspect(Notebook notebook)
    {
        var recorded = new List<RecordedConflict>();
        if (notebook.Metadata["nbtools"] is JObject { } nbtools && nbtools["conflicts"] is JArray entries)
        {
            foreach (var entry in entries.OfType<JObject>())
            {
                var cell = entry["cell"] is JValue { Type: JTokenType.Integer } n ? (int)n : 0;
                recorded.Add(new RecordedConflict(cell, entry["kind"]?.ToString() ?? "unknown", entry["key"]?.ToString()));
            }
            if (recorded.Count == 0 && entries.Count > 0) recorded.Add(new RecordedConflict(0, "unknown", null));
        }
        var withMarkers = new List<int>();
        for (var i = 0; i < notebook.Cells.Count; i++)
        {
            if (HasMarkers(notebook.Cells[i].Source)) withMarkers.Add(i + 1);
        }
        return new ConflictStatus(recorded, withMarkers);
    }

    /// <summary>Removes <c>metadata.nbtools.conflicts</c> (and an emptied <c>nbtools</c>); false when there was none.</summary>
    public static bool ClearRecord(Notebook notebook)
    {
        if (notebook.Metadata["nbtools"] is not JObject nbtools || nbtools["conflicts"] is null) return false;
        nbtools.Remove("conflicts");
        if (!nbtools.HasValues) notebook.Metadata.Remove("nbtools");
        return true;
    }

    /// <summary>
    /// A line opening (<c>&lt;&lt;&lt;&lt;&lt;&lt;&lt;</c>) or closing (<c>&gt;&gt;&gt;&lt;&gt;&gt;&gt;</c>) a conflict,
    /// seven or more characters then a space or the end of the line, as git writes them. A lone
    /// <c>=======</c> is not enough: in Markdown it underlines a heading.
    /// </summary>
    internal static bool HasMarkers(string source)
    {
        foreach (var raw in source.AsSpan().EnumerateLines())
        {
            var line = raw;
            if (line.Length < MinimumMarker || (line[0] != '<' && line[0] != '>')) continue;
            var c = line[0];
            var run = 0;
            while (run < line.Length && line[run] == c) run++;
            if (run >= MinimumMarker && (run == line.Length || line[run] == ' ')) return true;
        }
        return false;
    }
}
