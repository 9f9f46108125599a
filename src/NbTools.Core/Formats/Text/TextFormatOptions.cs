namespace NbTools.Core.Formats.Text;

/// <summary>Options of the text formats (percent scripts, Markdown, .dib).</summary>
/// <param name="CellMetadata">Which cell metadata keys to show (see <see cref="MetadataFilter"/>).</param>
/// <param name="NotebookMetadata">Which notebook metadata keys go into the header.</param>
public sealed record TextFormatOptions(MetadataFilter CellMetadata, MetadataFilter NotebookMetadata)
{
    /// <summary>Quiet defaults: editor bookkeeping and default-kernel metadata left out.</summary>
    public static TextFormatOptions Default { get; } = new(MetadataFilter.DefaultCell, MetadataFilter.DefaultNotebook);

    /// <summary>Options from filter specs (jupytext syntax); null keeps a default.</summary>
    public static TextFormatOptions FromSpecs(string? cellMetadata, string? notebookMetadata) => new(
        MetadataFilter.Parse(cellMetadata, MetadataFilter.DefaultCell),
        MetadataFilter.Parse(notebookMetadata, MetadataFilter.DefaultNotebook));
}
