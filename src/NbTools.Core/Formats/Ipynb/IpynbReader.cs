using System.Text;
using System.Text.Json;
using NbTools.Core.Json;
using NbTools.Core.Model;
using NbTools.Core.Text;

namespace NbTools.Core.Formats.Ipynb;

/// <summary>
/// Reads .ipynb files (nbformat 4.x; nbformat 3 is upgraded in memory) into the lossless model.
/// The file is scanned once with System.Text.Json's <see cref="Utf8JsonReader"/>, which gives
/// exact byte offsets; cell sources are decoded, outputs and metadata stay as byte spans until used.
/// Tolerant of what real tools write (missing optional keys, cells without ids in 4.5, unknown
/// output types); strict about what would lose data (wrong types for known keys).
/// </summary>
internal static partial class IpynbReader
{
    public static Notebook Read(byte[] bytes, string file)
    {
        if (bytes.Length == 0)
        {
            throw new NotebookFormatException(file, "the file is empty, expected a notebook (a JSON object)");
        }
        var (encoding, utf8) = EncodedText.Decode(bytes, file);
        if (utf8.Span.IndexOfAnyExcept(" \t\r\n"u8) < 0)
        {
            throw new NotebookFormatException(file, "the file holds only white space, expected a notebook (a JSON object)");
        }
        var source = new JsonSource(utf8, file);
        JsonTextCheck.Check(source);
        if (ReadRootAndCells(source) is { } read)
        {
            return Read(bytes, encoding, source, read.Root, read.Cells);
        }
        // The one pass met a problem: read again the way validate does, root first, so the error
        // reported is the one that matters (bad JSON before a bad cell; an unsupported nbformat before
        // cells read as version 4).
        return Read(bytes, encoding, source, ReadRoot(source));
    }

    /// <summary>Reads a notebook whose root <see cref="ReadRoot"/> has read already (validate reads it first, and once).</summary>
    internal static Notebook Read(byte[] bytes, FileEncoding encoding, JsonSource source, RawContainer root, ReadCellsResult? cells = null)
    {
        var nbformat = ReadInt(source, root, "nbformat", required: true)!.Value;
        if (nbformat == 3)
        {
            return NbformatV3Upgrader.Upgrade(source);
        }
        if (nbformat != 4)
        {
            var hint = nbformat < 3 ? "; open and save it with a current Jupyter to upgrade it" : "; NbTools reads nbformat 3 and 4";
            var item = root.Items[root.IndexOfLast("nbformat")];
            throw source.Error($"nbformat {nbformat} is not supported{hint}", "nbformat", item.ValueStart);
        }
        return ReadV4(bytes, encoding, source, root, cells);
    }

    /// <summary>Only the notebook metadata (no cells parsed): for finding pairings in many files quickly.</summary>
    public static Newtonsoft.Json.Linq.JObject ReadMetadata(byte[] bytes, string file)
    {
        var (_, utf8) = EncodedText.Decode(bytes, file);
        var source = new JsonSource(utf8, file);
        var root = ReadRoot(source);
        var index = root.IndexOfLast("metadata");
        return index >= 0 && root.Items[index].Kind == RawKind.Object
            ? (Newtonsoft.Json.Linq.JObject)source.ParseToken(root.Items[index].Value)
            : new Newtonsoft.Json.Linq.JObject();
    }

    /// <summary>
    /// The root's layout and, read in the same pass as the reader meets them, the cells of its last
    /// <c>"cells"</c> list: one pass over a file that is mostly cells, where reading the root and then
    /// the cells went over them twice. Null when anything is wrong (bad JSON, a bad cell): the caller
    /// then reads again step by step for the error.
    /// </summary>
    private static (RawContainer Root, ReadCellsResult? Cells)? ReadRootAndCells(JsonSource source)
    {
        ReadCellsResult? cells = null;
        try
        {
            var root = ReadRootObject(source, (string name, ref Utf8JsonReader reader) =>
            {
                if (name != "cells") return false;
                // With duplicate keys the last one holds the value: only its cells count.
                var baseOffset = 0;
                cells = reader.TokenType == JsonTokenType.StartArray ? ReadCells(source, ref reader, ref baseOffset, null) : null;
                return cells is not null;
            });
            return (root, cells);
        }
        catch (Exception ex) when (ex is JsonException or NotebookFormatException)
        {
            return null;
        }
    }

    internal static RawContainer ReadRoot(JsonSource source)
    {
        JsonTextCheck.Check(source); // keys and strings are text before anything decodes them
        try
        {
            return ReadRootObject(source, null);
        }
        catch (JsonException ex)
        {
            throw source.SyntaxError(ex, 0);
        }
    }

    /// <summary>The layout of the notebook's top-level object, nothing but white space after it; <paramref name="inPlace"/> as in <see cref="JsonSource.ReadContainer(ref Utf8JsonReader, int, JsonSource.MemberReader?)"/>.</summary>
    private static RawContainer ReadRootObject(JsonSource source, JsonSource.MemberReader? inPlace)
    {
        var reader = new Utf8JsonReader(source.Utf8.Span, isFinalBlock: true, new JsonReaderState(JsonSource.ReaderOptions));
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw source.Error($"expected a notebook (a JSON object) at the top level, found {Describe(reader.TokenType)}", null, (int)reader.TokenStartIndex);
        }
        var root = JsonSource.ReadContainer(ref reader, 0, inPlace);
        reader.Read(); // throws on anything but white space after the closing brace
        return root;
    }

    private static Notebook ReadV4(byte[]? bytes, FileEncoding encoding, JsonSource source, RawContainer root, ReadCellsResult? readCells)
    {
        var minor = ReadInt(source, root, "nbformat_minor", required: false) ?? 0;

        var metadataIndex = root.IndexOfLast("metadata");
        LazyToken metadata;
        if (metadataIndex >= 0)
        {
            var item = root.Items[metadataIndex];
            ExpectKind(source, item, RawKind.Object, "metadata", "a JSON object");
            metadata = new LazyToken(source, item.Value);
        }
        else
        {
            metadata = new LazyToken(new Newtonsoft.Json.Linq.JObject());
        }

        var cellsIndex = root.IndexOfLast("cells");
        if (cellsIndex < 0)
        {
            throw new NotebookFormatException(source.File, "no \"cells\" key: an nbformat 4 notebook holds its cells in a \"cells\" list", line: 1, position: 1);
        }
        var cellsItem = root.Items[cellsIndex];
        ExpectKind(source, cellsItem, RawKind.Array, "cells", "a list of cells");
        var (cellsArray, cells) = readCells ?? ReadCells(source, cellsItem.Value);

        var notebook = new Notebook(metadata, new IpynbOrigin
        {
            FileBytes = bytes,
            Encoding = encoding,
            Source = source,
            Root = root,
            NbFormat = 4,
            NbFormatMinor = minor,
            CellsArray = cellsArray,
            Cells = cells,
            ExtraCount = root.Items.Count(i => !IsNotebookKey(i.Name!)),
        })
        {
            NbFormat = 4,
            NbFormatMinor = minor,
        };
        notebook.Cells.AddRange(cells);
        foreach (var item in root.Items)
        {
            if (!IsNotebookKey(item.Name!)) notebook.Extra.AddOriginal(item.Name!, new LazyToken(source, item.Value));
        }
        return notebook;
    }

    internal static bool IsNotebookKey(string name) => name is "cells" or "metadata" or "nbformat" or "nbformat_minor";

    internal static bool IsCellKey(string name) =>
        name is "cell_type" or "id" or "source" or "metadata" or "attachments" or "execution_count" or "outputs";

    /// <summary>The layout of the cells list and its cells.</summary>
    internal readonly record struct ReadCellsResult(RawContainer Array, Cell[] Cells);

    private static ReadCellsResult ReadCells(JsonSource source, RawSpan span)
    {
        var utf8 = source.Slice(span);
        var reader = new Utf8JsonReader(utf8, isFinalBlock: true, new JsonReaderState(JsonSource.ReaderOptions));
        reader.Read(); // [
        var baseOffset = span.Start;
        return ReadCells(source, ref reader, ref baseOffset, null);
    }

    /// <summary>
    /// Reads the cells list at the reader's <c>[</c>, leaving the reader on its <c>]</c>; offsets are
    /// shifted by <paramref name="baseOffset"/>. With a <paramref name="window"/> (a file read in
    /// pieces) a cell that runs past the window's end is read again, whole, from a window moved on
    /// to it (and <paramref name="baseOffset"/> moves with it).
    /// </summary>
    private static ReadCellsResult ReadCells(JsonSource source, ref Utf8JsonReader reader, ref int baseOffset, Window? window)
    {
        var arrayStart = baseOffset + (int)reader.TokenStartIndex;
        var cells = new List<Cell>();
        var scratch = new CellScratch();
        while (true)
        {
            var before = (State: reader.CurrentState, At: baseOffset + (int)reader.BytesConsumed);
            try
            {
                if (!Next(ref reader) || reader.TokenType == JsonTokenType.EndArray) break;
                var index = cells.Count;
                var start = baseOffset + (int)reader.TokenStartIndex;
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    throw source.Error($"expected a cell (a JSON object), found {Describe(reader.TokenType)}", $"cells[{index}]", start);
                }
                cells.Add(ReadCell(source, ref reader, baseOffset, index, scratch));
            }
            catch (WindowExhausted) when (window is not null)
            {
                reader = window.MoveTo(before.At, before.State);
                baseOffset = before.At;
            }
        }
        // The array's layout comes from the cells' own spans, built once at its final size: a growing
        // list of a large notebook's items goes through several large-object-heap arrays.
        var all = cells.ToArray();
        var items = new RawItem[all.Length];
        for (var i = 0; i < all.Length; i++)
        {
            var cell = all[i].Origin!.Object;
            items[i] = new RawItem(null, cell.Start, cell.Start, cell.End, RawKind.Object);
        }
        return new ReadCellsResult(new RawContainer(false, arrayStart, baseOffset + (int)reader.BytesConsumed, items), all);
    }

    /// <summary>
    /// Lists reused from cell to cell while reading: each cell keeps arrays of its final size, and a
    /// notebook of many thousand cells does not also allocate (and grow) three lists per cell.
    /// </summary>
    private sealed class CellScratch
    {
        public readonly List<RawItem> Items = new(8);
        public readonly List<RawItem> OutputItems = [];
        public readonly List<Output> Outputs = [];
        public readonly List<KeyValuePair<string, LazyToken>> Extras = [];
    }

    private static Cell ReadCell(JsonSource source, ref Utf8JsonReader reader, int baseOffset, int index, CellScratch scratch)
    {
        // Paths are only built for error messages: a large notebook has many thousand members.
        var path = new CellPath(index);
        var start = baseOffset + (int)reader.TokenStartIndex;
        var items = scratch.Items;
        items.Clear();
        string? cellType = null, id = null;
        RawSpan? text = null;
        var form = SourceForm.String;
        int? executionCount = null;
        LazyToken? metadata = null, attachments = null;
        var outputs = scratch.Outputs;
        outputs.Clear();
        RawContainer? outputsArray = null;
        var extras = scratch.Extras;
        extras.Clear();

        while (Next(ref reader) && reader.TokenType != JsonTokenType.EndObject)
        {
            var keyStart = baseOffset + (int)reader.TokenStartIndex;
            var name = Known(ref reader, CellKeys) ?? reader.GetString()!;
            Next(ref reader);
            var valueStart = baseOffset + (int)reader.TokenStartIndex;
            var kind = JsonSource.KindOf(reader.TokenType);
            var memberPath = path.Member(name);
            switch (name)
            {
                case "cell_type":
                    cellType = (reader.TokenType == JsonTokenType.String ? Known(ref reader, CellTypes) : null) ?? ReadString(source, ref reader, memberPath, valueStart);
                    break;
                case "id":
                    id = reader.TokenType == JsonTokenType.Null ? null : ReadString(source, ref reader, memberPath, valueStart);
                    break;
                case "source":
                    form = CheckMultiline(source, ref reader, baseOffset, memberPath, valueStart);
                    text = new RawSpan(valueStart, baseOffset + (int)reader.BytesConsumed, kind);
                    break;
                case "execution_count":
                    executionCount = ReadNullableInt(source, ref reader, memberPath, valueStart);
                    break;
                case "outputs":
                    outputsArray = ReadOutputs(source, ref reader, baseOffset, memberPath, outputs, scratch.OutputItems);
                    break;
                case "metadata" or "attachments":
                    if (kind != RawKind.Object)
                    {
                        throw source.Error($"expected a JSON object, found {Describe(reader.TokenType)}", memberPath.ToString(), valueStart);
                    }
                    SkipValue(ref reader);
                    var token = new LazyToken(source, new RawSpan(valueStart, baseOffset + (int)reader.BytesConsumed, kind));
                    if (name == "metadata") metadata = token;
                    else attachments = token;
                    break;
                default:
                    if (kind is RawKind.Object or RawKind.Array) SkipValue(ref reader);
                    extras.Add(new(name, new LazyToken(source, new RawSpan(valueStart, baseOffset + (int)reader.BytesConsumed, kind))));
                    break;
            }
            items.Add(new RawItem(name, keyStart, valueStart, baseOffset + (int)reader.BytesConsumed, kind));
        }
        var end = baseOffset + (int)reader.BytesConsumed;
        if (cellType is null)
        {
            throw source.Error("the cell has no \"cell_type\" (code, markdown or raw)", path.ToString(), start);
        }
        var origin = new CellOrigin
        {
            Source = source,
            Object = new RawContainer(true, start, end, items.ToArray()),
            Index = index,
            CellType = cellType,
            Id = id,
            SourceValue = text,
            Form = form,
            ExecutionCount = executionCount,
            Outputs = outputs.ToArray(),
            OutputsArray = outputsArray,
            Attachments = attachments,
            ExtraCount = extras.Count,
        };
        var cell = new Cell(cellType, metadata ?? new LazyToken(new Newtonsoft.Json.Linq.JObject()), origin)
        {
            Id = id,
            ExecutionCount = executionCount,
            AttachmentsToken = attachments,
        };
        cell.Outputs.AddRange(outputs);
        foreach (var e in extras) cell.Extra.AddOriginal(e.Key, e.Value);
        return cell;
    }

    private static RawContainer ReadOutputs(JsonSource source, ref Utf8JsonReader reader, int baseOffset, CellPath path, List<Output> outputs, List<RawItem> items)
    {
        var arrayStart = baseOffset + (int)reader.TokenStartIndex;
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw source.Error($"expected a list of outputs, found {Describe(reader.TokenType)}", path.ToString(), arrayStart);
        }
        items.Clear();
        while (Next(ref reader) && reader.TokenType != JsonTokenType.EndArray)
        {
            var start = baseOffset + (int)reader.TokenStartIndex;
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw source.Error($"expected an output (a JSON object), found {Describe(reader.TokenType)}", $"{path}[{items.Count}]", start);
            }
            string? outputType = null;
            while (Next(ref reader) && reader.TokenType != JsonTokenType.EndObject)
            {
                var isType = reader.ValueTextEquals("output_type"u8);
                Next(ref reader);
                if (isType && reader.TokenType == JsonTokenType.String) outputType = Known(ref reader, OutputTypes) ?? GetString(source, ref reader, path, $"[{items.Count}].output_type", baseOffset + (int)reader.TokenStartIndex);
                else if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray) SkipValue(ref reader);
            }
            var end = baseOffset + (int)reader.BytesConsumed;
            var span = new RawSpan(start, end, RawKind.Object);
            outputs.Add(new Output(new LazyToken(source, span), outputType));
            items.Add(new RawItem(null, start, start, end, RawKind.Object));
        }
        return new RawContainer(false, arrayStart, baseOffset + (int)reader.BytesConsumed, items.ToArray());
    }

    /// <summary>
    /// Checks nbformat's multi-line string (one string, or a list of strings to be joined) without
    /// decoding it: a cell's source becomes text only when someone reads it (<see cref="DecodeMultiline"/>),
    /// and a diff or merge of large notebooks compares most cells by their bytes and never does.
    /// </summary>
    private static SourceForm CheckMultiline(JsonSource source, ref Utf8JsonReader reader, int baseOffset, CellPath path, int valueStart)
    {
        if (reader.TokenType == JsonTokenType.String) return SourceForm.String;
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw source.Error($"expected a string or a list of strings, found {Describe(reader.TokenType)}", path.ToString(), valueStart);
        }
        for (var i = 0; Next(ref reader) && reader.TokenType != JsonTokenType.EndArray; i++)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                throw source.Error($"expected a string, found {Describe(reader.TokenType)}", $"{path}[{i}]", baseOffset + (int)reader.TokenStartIndex);
            }
        }
        return SourceForm.Lines;
    }

    /// <summary>The text of a multi-line string that <see cref="CheckMultiline"/> checked (and the file's text check cleared).</summary>
    internal static string DecodeMultiline(JsonSource source, RawSpan span)
    {
        var reader = new Utf8JsonReader(source.Slice(span), isFinalBlock: true, new JsonReaderState(JsonSource.ReaderOptions));
        reader.Read();
        if (reader.TokenType == JsonTokenType.String) return reader.GetString()!;
        // Lines are decoded into one pooled buffer and become a single string: no per-line strings.
        var buffer = System.Buffers.ArrayPool<char>.Shared.Rent(Math.Max(256, span.Length));
        try
        {
            var length = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                // A line's text is never longer than its JSON bytes, and the buffer holds all of them.
                length += reader.CopyString(buffer.AsSpan(length));
            }
            return new string(buffer, 0, length);
        }
        finally
        {
            System.Buffers.ArrayPool<char>.Shared.Return(buffer);
        }
    }

    private static string ReadString(JsonSource source, ref Utf8JsonReader reader, CellPath path, int valueStart)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw source.Error($"expected a string, found {Describe(reader.TokenType)}", path.ToString(), valueStart);
        }
        return GetString(source, ref reader, path, "", valueStart);
    }

    private static string GetString(JsonSource source, ref Utf8JsonReader reader, CellPath path, string suffix, int offset)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException ex)
        {
            throw source.Error("the string is not valid UTF-8 text: " + ex.Message, path + suffix, offset);
        }
    }

    private static int? ReadNullableInt(JsonSource source, ref Utf8JsonReader reader, CellPath path, int valueStart)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out var value))
        {
            throw source.Error($"expected an integer or null, found {Describe(reader.TokenType)}", path.ToString(), valueStart);
        }
        return value;
    }

    /// <summary>The names of cell keys nbformat defines, shared instead of allocated per cell.</summary>
    private static readonly string[] CellKeys = ["cell_type", "metadata", "source", "outputs", "execution_count", "id", "attachments"];

    private static readonly string[] CellTypes = [Model.CellType.Code, Model.CellType.Markdown, Model.CellType.Raw];

    private static readonly string[] OutputTypes = [.. Model.OutputType.All];

    /// <summary>The shared string when the reader's key or string is one of <paramref name="known"/>: one per kind, not one per cell or output.</summary>
    private static string? Known(ref Utf8JsonReader reader, string[] known)
    {
        foreach (var value in known)
        {
            if (reader.ValueTextEquals(value)) return value;
        }
        return null;
    }

    /// <summary>A JSON path inside a cell, turned into text only when an error needs it.</summary>
    private readonly record struct CellPath(int Index, string? Name = null)
    {
        public CellPath Member(string name) => new(Index, name);

        public override string ToString() => Name is null ? $"cells[{Index}]" : $"cells[{Index}].{Name}";
    }

    private static int? ReadInt(JsonSource source, RawContainer root, string name, bool required)
    {
        var index = root.IndexOfLast(name);
        if (index < 0)
        {
            if (!required) return null;
            throw new NotebookFormatException(source.File, $"no \"{name}\" key: this is not a Jupyter notebook", line: 1, position: 1);
        }
        var item = root.Items[index];
        var text = Encoding.ASCII.GetString(source.Slice(item.Value));
        if (item.Kind != RawKind.Number || !int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var value))
        {
            var found = item.Kind == RawKind.Number ? text : Describe(item.Kind);
            throw source.Error($"expected an integer, found {found}", name, item.ValueStart);
        }
        return value;
    }

    private static void ExpectKind(JsonSource source, RawItem item, RawKind kind, string path, string expected)
    {
        if (item.Kind != kind)
        {
            throw source.Error($"expected {expected}, found {Describe(item.Kind)}", path, item.ValueStart);
        }
    }

    internal static string Describe(JsonTokenType type) => Describe(JsonSource.KindOf(type));

    internal static string Describe(RawKind kind) => kind switch
    {
        RawKind.Object => "an object",
        RawKind.Array => "a list",
        RawKind.String => "a string",
        RawKind.Number => "a number",
        RawKind.True or RawKind.False => "a boolean",
        _ => "null",
    };
}
