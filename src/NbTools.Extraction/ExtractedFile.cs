namespace NbTools.Extraction;

/// <summary>What happened to one output file.</summary>
public enum ExtractedFileState
{
    /// <summary>Written (new or changed).</summary>
    Written,

    /// <summary>Already held exactly these bytes: not touched.</summary>
    Unchanged,

    /// <summary>With <see cref="ExtractRequest.Check"/>: missing or different from what extraction would write.</summary>
    Stale,
}

/// <summary>One file of the generated project.</summary>
/// <param name="Path">Full path.</param>
/// <param name="State">Written, unchanged or stale.</param>
public sealed record ExtractedFile(string Path, ExtractedFileState State);
