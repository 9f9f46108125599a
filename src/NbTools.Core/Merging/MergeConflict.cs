namespace NbTools.Core.Merging;

/// <summary>A conflict left in the merged notebook (also listed in its metadata as <c>nbtools.conflicts</c>).</summary>
/// <param name="Cell">Index of the cell in the merged notebook; -1 for notebook metadata.</param>
/// <param name="Kind"><c>source</c>, <c>delete-modify</c>, <c>modify-delete</c>, <c>insert-insert</c>, <c>metadata</c> or <c>cell_type</c>.</param>
/// <param name="Key">The metadata key (for metadata conflicts).</param>
public sealed record MergeConflict(int Cell, string Kind, string? Key = null);
