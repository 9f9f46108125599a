using NbTools.Core.Model;
using Newtonsoft.Json.Linq;

namespace NbTools.Core.Merging;

/// <summary>A conflict left in the merged notebook (also listed in its metadata as <c>nbtools.conflicts</c>).</summary>
/// <param name="Cell">Index of the cell in the merged notebook; -1 for notebook metadata.</param>
/// <param name="Kind"><c>source</c>, <c>delete-modify</c>, <c>modify-delete</c>, <c>insert-insert</c>, <c>metadata</c> or <c>cell_type</c>.</param>
/// <param name="Key">The metadata key (for metadata conflicts).</param>
public sealed record MergeConflict(int Cell, string Kind, string? Key = null)
{
    /// <summary>What each side had, for showing the conflict (not part of equality).</summary>
    public ConflictSides? Sides { get; init; }

    /// <inheritdoc/>
    public bool Equals(MergeConflict? other) => other is not null && Cell == other.Cell && Kind == other.Kind && Key == other.Key;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Cell, Kind, Key);
}

/// <summary>
/// The three versions behind a conflict: the cells (none where a side deleted the cell or inserted
/// nothing; several for cells inserted at one place) and, for a metadata conflict, the key's values.
/// </summary>
/// <param name="Base">The base's cells.</param>
/// <param name="Local">The local side's cells.</param>
/// <param name="Remote">The remote side's cells.</param>
/// <param name="BaseValue">The metadata key's value in the base (null: absent or not a metadata conflict).</param>
/// <param name="LocalValue">The key's local value.</param>
/// <param name="RemoteValue">The key's remote value.</param>
public sealed record ConflictSides(
    IReadOnlyList<Cell> Base, IReadOnlyList<Cell> Local, IReadOnlyList<Cell> Remote,
    JToken? BaseValue = null, JToken? LocalValue = null, JToken? RemoteValue = null);
