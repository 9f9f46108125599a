using NbTools.Core.Json;
using NbTools.Core.Model;
using NbTools.Core.Text;

namespace NbTools.Core.Formats.Ipynb;

/// <summary>What a notebook read from an .ipynb file remembers of that file, to write it back exactly.</summary>
internal sealed class IpynbOrigin
{
    /// <summary>The file as read; null for a file left on disk (<see cref="JsonSource.InMemory"/> false), whose bytes the source reads back.</summary>
    public required byte[]? FileBytes { get; init; }
    public required FileEncoding Encoding { get; init; }
    public required JsonSource Source { get; init; }

    /// <summary>
    /// The file's layout, detected on first use: only writing a changed notebook needs it, and
    /// detecting it scans the whole file several times (commands that only read never pay for it).
    /// </summary>
    public JsonStyle Style => style ??= JsonStyle.Detect(Source, Root);

    private JsonStyle? style;
    public required RawContainer Root { get; init; }
    public required int NbFormat { get; init; }
    public required int NbFormatMinor { get; init; }
    public required RawContainer CellsArray { get; init; }
    public required Cell[] Cells { get; init; }
    public required int ExtraCount { get; init; }
}

/// <summary>What a cell read from an .ipynb file remembers of its original JSON.</summary>
internal sealed class CellOrigin
{
    public required JsonSource Source { get; init; }
    public required RawContainer Object { get; init; }
    public required int Index { get; init; }
    public required string CellType { get; init; }
    public required string? Id { get; init; }
    /// <summary>Where the cell's <c>"source"</c> value is; null when the cell has none.</summary>
    public required RawSpan? SourceValue { get; init; }

    /// <summary>The cell's source as read, decoded on first use (see <see cref="IpynbReader.DecodeMultiline"/>).</summary>
    public string Text => text ??= SourceValue is { } span ? IpynbReader.DecodeMultiline(Source, span) : "";

    /// <summary>The source if it was decoded already, else null.</summary>
    public string? DecodedText => text;

    private string? text;
    public required SourceForm Form { get; init; }
    public required int? ExecutionCount { get; init; }
    public required Output[] Outputs { get; init; }
    public required RawContainer? OutputsArray { get; init; }
    public required LazyToken? Attachments { get; init; }
    public required int ExtraCount { get; init; }
}
