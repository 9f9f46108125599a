using NbTools.Core.Diffing.Generic;
using NbTools.Core.Model;

namespace NbTools.Core.Diffing.Notebook;

/// <summary>What happened to one cell, for renderers.</summary>
/// <param name="Kind">Unchanged, modified, added, removed, or moved (possibly also modified).</param>
/// <param name="OldIndex">Position in the old notebook (null when added).</param>
/// <param name="NewIndex">Position in the new notebook (null when removed).</param>
/// <param name="Old">The old cell (null when added).</param>
/// <param name="New">The new cell (null when removed).</param>
/// <param name="Ops">The cell-level diff (keys source, metadata, outputs, …); empty when equal.</param>
public sealed record CellChange(CellChangeKind Kind, int? OldIndex, int? NewIndex, Cell? Old, Cell? New, IReadOnlyList<DiffOp> Ops)
{
    /// <summary>True when the cell's content changed (it may also have moved).</summary>
    public bool IsModified => Ops.Count > 0;
}

/// <summary>Kinds of cell change.</summary>
public enum CellChangeKind
{
    Unchanged,
    Modified,
    Added,
    Removed,
    Moved,
}
