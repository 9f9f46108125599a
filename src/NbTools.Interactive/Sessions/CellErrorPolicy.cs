namespace NbTools.Interactive.Sessions;

/// <summary>What happens to the open run when a cell fails while it is open (<c>#!experiment --on-cell-error</c>).</summary>
internal enum CellErrorPolicy
{
    /// <summary>Tag the run: <c>nbtools.failed_cells</c> (how many) and <c>nbtools.last_error</c> (the first line of the last error). The run stays open.</summary>
    Tag,

    /// <summary>End the run FAILED at once (tagged as with <see cref="Tag"/>).</summary>
    Fail,

    /// <summary>Leave the run alone.</summary>
    Ignore,
}
