using NbTools.Core.Formats.Text;

namespace NbTools.Core.Pairing;

/// <summary>What to sync.</summary>
/// <param name="Paths">Notebooks, paired texts, or folders (every pair below them).</param>
/// <param name="Check">Change nothing; report the pairs that are out of date.</param>
/// <param name="Prefer">When both sides changed: which one wins (otherwise a conflict).</param>
/// <param name="KeepStaleOutputs">Keep the outputs of cells whose source the text changed.</param>
/// <param name="Options">Text format options (metadata filters); null for the defaults.</param>
public sealed record SyncRequest(
    IReadOnlyList<string> Paths,
    bool Check = false,
    SyncPreference Prefer = SyncPreference.None,
    bool KeepStaleOutputs = false,
    TextFormatOptions? Options = null);

/// <summary>Which side wins when both the notebook and its text changed.</summary>
public enum SyncPreference
{
    /// <summary>Neither: report a conflict and change nothing.</summary>
    None,

    /// <summary>The text's inputs replace the notebook's (outputs of unchanged cells kept).</summary>
    Text,

    /// <summary>The notebook regenerates the text.</summary>
    Ipynb,
}
