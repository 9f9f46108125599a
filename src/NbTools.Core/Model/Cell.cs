using NbTools.Core.Formats.Ipynb;
using NbTools.Core.Json;
using Newtonsoft.Json.Linq;

namespace NbTools.Core.Model;

/// <summary>
/// One notebook cell: code, markdown, raw, or any other type (kept as it is). Its
/// <see cref="Source"/> is the joined text, however the file stored it.
/// </summary>
public sealed class Cell
{
    private LazyToken metadata;
    private LazyToken? attachments;

    /// <summary>Creates a new cell.</summary>
    public Cell(string cellType, string source = "")
    {
        CellType = cellType;
        Source = source;
        metadata = new LazyToken(new JObject());
    }

    /// <summary>A cell read from a file: its source is decoded from the file's bytes on first access.</summary>
    internal Cell(string cellType, LazyToken metadata, CellOrigin origin)
    {
        CellType = cellType;
        this.metadata = metadata;
        Origin = origin;
    }

    /// <summary><c>code</c>, <c>markdown</c>, <c>raw</c> or any other string found in the file.</summary>
    public string CellType { get; set; }

    /// <summary>The nbformat 4.5 cell id; null when the file has none.</summary>
    public string? Id { get; set; }

    /// <summary>The cell's text (for a cell read from a file, decoded on first access).</summary>
    public string Source
    {
        get => source ??= Origin?.Text ?? "";
        set => source = value ?? throw new ArgumentNullException(nameof(value));
    }

    private string? source;

    /// <summary>True while the source is the one read from the file (never set, or set to the same text), without decoding it when untouched.</summary>
    internal bool HasOriginalSource(CellOrigin origin) =>
        source is null || ReferenceEquals(source, origin.DecodedText) || source == origin.Text;

    /// <summary>Cell metadata (parsed on first access).</summary>
    public JObject Metadata
    {
        get => metadata.Value as JObject ?? throw new InvalidOperationException("cell metadata is not a JSON object");
        set => metadata.Value = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>Attachments of markdown and raw cells (name → mime bundle); null when absent.</summary>
    public JObject? Attachments
    {
        get => attachments?.Value as JObject;
        set
        {
            if (value is null) attachments = null;
            else if (attachments is null) attachments = new LazyToken(value);
            else attachments.Value = value;
        }
    }

    /// <summary>The execution count of a code cell; null when never run (or absent).</summary>
    public int? ExecutionCount { get; set; }

    /// <summary>The outputs of a code cell, in order.</summary>
    public List<Output> Outputs { get; } = [];

    /// <summary>Keys nbformat does not define, kept verbatim.</summary>
    public ExtraProperties Extra { get; } = new();

    /// <summary>True for a code cell.</summary>
    public bool IsCode => CellType == Model.CellType.Code;

    internal CellOrigin? Origin { get; }

    internal LazyToken MetadataToken => metadata;

    /// <summary>The metadata for reading only (does not count as a change; see <see cref="LazyToken.Peek"/>).</summary>
    internal JObject MetadataView => metadata.Peek() as JObject ?? throw new InvalidOperationException("cell metadata is not a JSON object");

    /// <summary>A copy of the metadata that leaves this cell untouched (see <see cref="LazyToken.Copy"/>).</summary>
    internal JObject CopyMetadata() => metadata.Copy() as JObject ?? throw new InvalidOperationException("cell metadata is not a JSON object");

    /// <summary>Equal metadata, by bytes when both are untouched, else by value.</summary>
    internal static bool SameMetadata(Cell a, Cell b) => LazyToken.SameBytes(a.metadata, b.metadata) || JToken.DeepEquals(a.MetadataView, b.MetadataView);

    internal LazyToken? AttachmentsToken
    {
        get => attachments;
        set => attachments = value;
    }
}
