namespace NbTools.Core;

/// <summary>What to convert.</summary>
/// <param name="Inputs">Files, or folders when <paramref name="Recursive"/> is set.</param>
/// <param name="To">Target format name (<c>ipynb</c>, …, or a jupytext spelling such as <c>py:percent</c>);
/// null to take it from the extension of <paramref name="Output"/>.</param>
/// <param name="Output">Null: beside each input. <c>-</c>: standard output (one input only). A folder
/// (existing, or always when there are several inputs), or a file path for one input.</param>
/// <param name="Recursive">Convert every notebook below folders given as inputs.</param>
/// <param name="Options">Text format options (metadata filters); null for the quiet defaults.</param>
/// <param name="Force">Replace an existing output that is not a notebook of the target format
/// (a plain script, or an .ipynb whose outputs would be lost).</param>
public sealed record ConvertRequest(
    IReadOnlyList<string> Inputs,
    string? To,
    string? Output = null,
    bool Recursive = false,
    Formats.Text.TextFormatOptions? Options = null,
    bool Force = false)
{
    /// <summary>The input format (jupytext's <c>--from</c>); null to tell it from the file name or, for standard input, the content.</summary>
    public string? From { get; init; }

    /// <summary>The bytes of standard input, read by the caller, for the input <c>-</c>.</summary>
    public byte[]? StandardInput { get; init; }

    /// <summary>
    /// Text to an existing .ipynb: bring the text's cells in as a paired sync does, keeping the
    /// outputs of unchanged cells (jupytext's <c>--update</c>).
    /// </summary>
    public bool Update { get; init; }
}
