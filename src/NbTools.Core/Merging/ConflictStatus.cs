namespace NbTools.Core.Merging;

/// <summary>
/// What is left of a merge's conflicts in a notebook: the record the merge wrote in
/// <c>metadata.nbtools.conflicts</c> and the cells whose sources still hold conflict markers.
/// A notebook is clear when it has neither; <c>nbtools validate</c> fails otherwise, and
/// <c>nbtools resolve</c> clears the record once no markers are left.
/// </summary>
/// <param name="Recorded">The conflicts the merge recorded (cell numbers counted from 1; 0 for notebook metadata).</param>
/// <param name="CellsWithMarkers">Numbers (from 1) of the cells whose sources hold conflict markers.</param>
public sealed record ConflictStatus(IReadOnlyList<RecordedConflict> Recorded, IReadOnlyList<int> CellsWithMarkers)
{
    /// <summary>True when the notebook has no conflict record and no markers.</summary>
    public bool IsClear => Recorded.Count == 0 && CellsWithMarkers.Count == 0;

    /// <summary>True when markers are gone but the record is still there (to clear with <c>nbtools resolve</c>).</summary>
    public bool IsStale => Recorded.Count > 0 && CellsWithMarkers.Count == 0;

    /// <summary>One line per problem, each saying what to do.</summary>
    public IEnumerable<string> Problems()
    {
        foreach (var cell in CellsWithMarkers)
        {
            yield return $"cell {cell}: unresolved merge conflict (conflict markers in its source); keep what you want, delete the markers, then run 'nbtools resolve'";
        }
        foreach (var entry in Recorded.Where(e => !e.HasMarkers))
        {
            yield return $"{entry}: merge conflict recorded in metadata.nbtools.conflicts (local's value was kept); review it, then run 'nbtools resolve'";
        }
        if (IsStale && Recorded.All(e => e.HasMarkers))
        {
            yield return $"stale conflict record in metadata.nbtools.conflicts ({string.Join(", ", Recorded)}): the markers are gone; run 'nbtools resolve' to clear it";
        }
    }
}

/// <summary>One entry of <c>metadata.nbtools.conflicts</c>.</summary>
/// <param name="Cell">Cell number counted from 1; 0 for notebook metadata.</param>
/// <param name="Kind"><c>source</c>, <c>delete-modify</c>, <c>modify-delete</c>, <c>insert-insert</c>, <c>metadata</c> or <c>cell_type</c>.</param>
/// <param name="Key">The metadata key, for metadata conflicts.</param>
public sealed record RecordedConflict(int Cell, string Kind, string? Key)
{
    /// <summary>Whether this kind of conflict leaves markers in a cell's source (metadata and cell-type conflicts do not).</summary>
    public bool HasMarkers => Kind is not ("metadata" or "cell_type");

    /// <inheritdoc/>
    public override string ToString() =>
        (Cell > 0 ? $"cell {Cell}" : "notebook metadata") + $": {Kind}" + (Key is null ? "" : $" ({Key})");
}
