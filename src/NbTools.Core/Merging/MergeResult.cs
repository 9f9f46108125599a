namespace NbTools.Core.Merging;

/// <summary>The merged notebook and the conflicts left in it (none: a clean merge).</summary>
public sealed record MergeResult(Model.Notebook Notebook, IReadOnlyList<MergeConflict> Conflicts)
{
    /// <summary>True when nothing conflicted.</summary>
    public bool IsClean => Conflicts.Count == 0;
}
