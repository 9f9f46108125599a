namespace NbTools.Core.Merging;

/// <summary>How to resolve what both sides changed differently.</summary>
public enum MergeStrategy
{
    /// <summary>Keep both, with git-style conflict markers (sources) or the local value recorded as a conflict.</summary>
    Inline,

    /// <summary>Take the local side.</summary>
    Ours,

    /// <summary>Take the remote side.</summary>
    Theirs,

    /// <summary>Keep the base.</summary>
    Base,

    /// <summary>Take both, local first, without markers (sources); local elsewhere.</summary>
    Union,
}

/// <summary>Options of a three-way notebook merge.</summary>
/// <param name="Sources">Strategy for cell sources.</param>
/// <param name="Outputs">Strategy for outputs when both sides changed them on a cell whose source did not change.</param>
/// <param name="Metadata">Strategy for notebook and cell metadata.</param>
/// <param name="MarkerSize">Length of conflict markers (git's %L).</param>
/// <param name="LocalLabel">Label on the local side's markers.</param>
/// <param name="RemoteLabel">Label on the remote side's markers.</param>
/// <param name="Decisions">
/// One resolution per conflict, in the order the inline merge of the same notebooks lists them
/// (missing or <see cref="ConflictChoice.Unresolved"/>: left inline). Used with inline sources and metadata.
/// </param>
public sealed record MergeOptions(
    MergeStrategy Sources = MergeStrategy.Inline,
    MergeStrategy Outputs = MergeStrategy.Ours,
    MergeStrategy Metadata = MergeStrategy.Inline,
    int MarkerSize = 7,
    string LocalLabel = "local",
    string RemoteLabel = "remote",
    IReadOnlyList<ConflictDecision>? Decisions = null)
{
    /// <summary>One strategy for every part.</summary>
    public static MergeOptions For(MergeStrategy strategy) => strategy switch
    {
        MergeStrategy.Inline => new(MergeStrategy.Inline, MergeStrategy.Ours, MergeStrategy.Inline),
        MergeStrategy.Union => new(MergeStrategy.Union, MergeStrategy.Ours, MergeStrategy.Ours), // both sources; local's outputs and metadata
        _ => new(strategy, strategy, strategy),
    };
}
