namespace NbTools.Core.Pairing;

/// <summary>What a sync did, pair by pair.</summary>
public sealed record SyncResult(IReadOnlyList<PairSyncResult> Pairs)
{
    /// <summary>True when a pair had a conflict, changed during the sync, or (with --check) is out of date.</summary>
    public bool NeedsAttention => Pairs.Any(p => p.Action is SyncAction.Conflict or SyncAction.ChangedDuringSync or SyncAction.OutOfDate);

    /// <summary>After a re-pairing: texts the notebook was paired with before, still on disk, no longer kept in sync.</summary>
    public IReadOnlyList<string> NoLongerPaired { get; init; } = [];
}

/// <summary>One pair's outcome.</summary>
/// <param name="Notebook">The .ipynb of the pair.</param>
/// <param name="Action">What happened.</param>
/// <param name="Message">One line for people.</param>
/// <param name="Written">Files written.</param>
public sealed record PairSyncResult(string Notebook, SyncAction Action, string Message, IReadOnlyList<string> Written);

/// <summary>Outcomes of syncing one pair.</summary>
public enum SyncAction
{
    /// <summary>Nothing to do.</summary>
    UpToDate,

    /// <summary>The text changed: the notebook's inputs were updated, outputs of unchanged cells kept.</summary>
    UpdatedNotebook,

    /// <summary>The notebook changed: the texts were regenerated.</summary>
    UpdatedTexts,

    /// <summary>The notebook did not exist and was created from the text.</summary>
    CreatedNotebook,

    /// <summary>Missing texts were created, or the sync state recorded.</summary>
    CreatedTexts,

    /// <summary>Both sides changed: nothing written.</summary>
    Conflict,

    /// <summary>A file changed while it was being synced: it was left alone.</summary>
    ChangedDuringSync,

    /// <summary>With --check: the pair needs a sync.</summary>
    OutOfDate,
}
