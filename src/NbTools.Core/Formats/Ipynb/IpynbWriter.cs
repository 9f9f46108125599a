using System.Globalization;
using NbTools.Core.Json;
using NbTools.Core.Model;
using NbTools.Core.Text;
using Newtonsoft.Json.Linq;

namespace NbTools.Core.Formats.Ipynb;

/// <summary>
/// Writes the model as .ipynb. A notebook read from a file is spliced into that file's bytes:
/// untouched cells, outputs and metadata are copied, changed parts are formatted in the file's
/// own style, and an untouched notebook comes back byte-identical. A new notebook is written the
/// way nbformat writes one (1-space indent, sorted keys, non-ASCII unescaped, final newline).
/// </summary>
internal sealed class IpynbWriter
{
    private readonly Notebook notebook;
    private readonly IpynbOrigin? origin;
    private readonly JsonSplicer splicer;

    private IpynbWriter(Notebook notebook, IpynbOrigin? origin, JsonSplicer splicer)
    {
        this.notebook = notebook;
        this.origin = origin;
        this.splicer = splicer;
    }

    private JsonFormatter Formatter => splicer.Formatter;

    public static void Write(Notebook notebook, Stream output)
    {
        var origin = notebook.Origin;
        // A notebook left in its file copies from it: that file must still be the one that was read.
        origin?.Source.EnsureUnchanged();
        WriteSpliced(notebook, origin, output);
        origin?.Source.EnsureUnchanged();
    }

    private static void WriteSpliced(Notebook notebook, IpynbOrigin? origin, Stream output)
    {
        if (origin is not null && IsPristine(notebook, origin))
        {
            if (origin.FileBytes is { } bytes) output.Write(bytes);
            else origin.Source.CopyTo(output);
            return;
        }
        if (origin is null || origin.Encoding is FileEncoding.Utf8 or FileEncoding.Utf8WithBom)
        {
            if (origin?.Encoding == FileEncoding.Utf8WithBom) output.Write([0xEF, 0xBB, 0xBF]);
            WriteUtf8(notebook, origin, output);
            return;
        }
        // UTF-16 files: write UTF-8, then transcode (rare, so the extra copy does not matter).
        using var utf8 = new MemoryStream();
        WriteUtf8(notebook, origin, utf8);
        output.Write(EncodedText.Encode(utf8.GetBuffer().AsSpan(0, (int)utf8.Length), origin.Encoding));
    }

    private static void WriteUtf8(Notebook notebook, IpynbOrigin? origin, Stream output)
    {
        using var sink = new Utf8Sink(output);
        var formatter = new JsonFormatter(sink, origin?.Style ?? JsonStyle.Nbformat);
        var writer = new IpynbWriter(notebook, origin, new JsonSplicer(origin?.Source, formatter));
        if (origin is null)
        {
            writer.WriteNotebookObject();
            sink.WriteText("\n");
            return;
        }
        writer.splicer.Copy(0, origin.Root.Start);
        writer.WriteNotebookObject();
        writer.splicer.Copy(origin.Root.End, origin.Source.Length);
    }

    private void WriteNotebookObject()
    {
        var raw = origin?.Root;
        var plan = new List<SpliceItem>();
        if (raw is not null)
        {
            foreach (var (i, item) in raw.EffectiveMembers())
            {
                var name = item.Name!;
                switch (name)
                {
                    case "cells":
                        plan.Add(new(name, i, WriteCells));
                        break;
                    case "metadata":
                        plan.Add(new(name, i, d => notebook.MetadataToken.WriteTo(splicer, d)));
                        break;
                    case "nbformat":
                        plan.Add(new(name, i, _ => WriteIntOrCopy(notebook.NbFormat, origin!.NbFormat, item.Value)));
                        break;
                    case "nbformat_minor":
                        plan.Add(new(name, i, _ => WriteIntOrCopy(notebook.NbFormatMinor, origin!.NbFormatMinor, item.Value)));
                        break;
                    default:
                        if (notebook.Extra.Find(name) is { } extra) plan.Add(new(name, i, d => extra.WriteTo(splicer, d)));
                        break;
                }
            }
        }

        void Add(string name, Action<int> write) => JsonSplicer.InsertMember(plan, raw, new SpliceItem(name, -1, write));
        bool Has(string name) => raw is not null && raw.IndexOf(name) >= 0;

        if (!Has("cells")) Add("cells", WriteCells);
        if (!Has("metadata") && (raw is null || HasContent(notebook.MetadataToken))) Add("metadata", d => notebook.MetadataToken.WriteTo(splicer, d));
        if (!Has("nbformat")) Add("nbformat", _ => WriteInt(notebook.NbFormat));
        if (!Has("nbformat_minor") && (raw is null || notebook.NbFormatMinor != origin!.NbFormatMinor)) Add("nbformat_minor", _ => WriteInt(notebook.NbFormatMinor));
        foreach (var (name, token) in notebook.Extra.Entries)
        {
            if (!Has(name)) Add(name, d => token.WriteTo(splicer, d));
        }
        splicer.WriteContainer(raw, isObject: true, plan, 0);
    }

    private void WriteCells(int depth)
    {
        if (origin is not null && CellsArePristine(notebook, origin))
        {
            splicer.Copy(origin.CellsArray.Start, origin.CellsArray.End);
            return;
        }
        var raw = origin is not null && origin.Root.IndexOf("cells") >= 0 ? origin.CellsArray : null;
        if (raw is null)
        {
            WriteNewCells(depth);
            return;
        }
        var plan = new List<SpliceItem>(notebook.Cells.Count);
        foreach (var cell in notebook.Cells)
        {
            var index = IsOurs(cell) ? cell.Origin!.Index : -1;
            plan.Add(new(null, index, d => WriteCell(cell, d)));
        }
        splicer.WriteContainer(raw, isObject: false, plan, depth);
    }

    /// <summary>
    /// The cells array of a notebook with no cells array to splice into (one read from a text
    /// format): what <see cref="JsonSplicer.WriteContainer"/> writes for a plan without an original,
    /// without a plan item and closure per cell.
    /// </summary>
    private void WriteNewCells(int depth)
    {
        var cells = notebook.Cells;
        Formatter.Sink.Write((byte)'[');
        for (var i = 0; i < cells.Count; i++)
        {
            Formatter.ItemGap(i, depth);
            WriteCell(cells[i], depth + 1);
        }
        if (cells.Count > 0) Formatter.NewLine(depth);
        Formatter.Sink.Write((byte)']');
    }

    private bool IsOurs(Cell cell) => origin is not null && cell.Origin is { } o && ReferenceEquals(o.Source, origin.Source);

    private void WriteCell(Cell cell, int depth)
    {
        var o = IsOurs(cell) ? cell.Origin : null;
        if (o is not null && IsPristine(cell, o))
        {
            splicer.Copy(o.Object.Start, o.Object.End);
            return;
        }
        if (o is null && cell.Extra.Count == 0) WriteNewCell(cell, depth);
        else WriteSplicedCell(cell, o, depth);
    }

    /// <summary>A cell by plan: spliced into its original bytes, or new with extra keys to place among its members.</summary>
    private void WriteSplicedCell(Cell cell, CellOrigin? o, int depth)
    {
        var raw = o?.Object;
        var plan = new List<SpliceItem>(8);
        if (raw is not null)
        {
            foreach (var (i, item) in raw.EffectiveMembers())
            {
                var name = item.Name!;
                switch (name)
                {
                    case "cell_type":
                        plan.Add(new(name, i, _ => WriteStringOrCopy(cell.CellType, o!.CellType, item.Value)));
                        break;
                    case "id":
                        if (cell.Id is not null) plan.Add(new(name, i, _ => WriteStringOrCopy(cell.Id, o!.Id, item.Value)));
                        break;
                    case "source":
                        plan.Add(new(name, i, d =>
                        {
                            if (cell.HasOriginalSource(o!)) splicer.Copy(item.Value);
                            else WriteMultiline(cell.Source, o!.Form, d);
                        }));
                        break;
                    case "metadata":
                        plan.Add(new(name, i, d => cell.MetadataToken.WriteTo(splicer, d)));
                        break;
                    case "attachments":
                        if (cell.AttachmentsToken is { } attachments) plan.Add(new(name, i, d => attachments.WriteTo(splicer, d)));
                        break;
                    case "execution_count":
                        if (cell.IsCode) plan.Add(new(name, i, _ =>
                        {
                            if (cell.ExecutionCount == o!.ExecutionCount && item.Kind is RawKind.Number or RawKind.Null) splicer.Copy(item.Value);
                            else WriteNullableInt(cell.ExecutionCount);
                        }));
                        break;
                    case "outputs":
                        if (cell.IsCode) plan.Add(new(name, i, d => WriteOutputs(cell, o!, item, d)));
                        break;
                    default:
                        if (cell.Extra.Find(name) is { } extra) plan.Add(new(name, i, d => extra.WriteTo(splicer, d)));
                        break;
                }
            }
        }

        // A new cell's members are sorted once at the end; an existing one gets them in place.
        void Add(string name, Action<int> write)
        {
            if (raw is null) plan.Add(new SpliceItem(name, -1, write));
            else JsonSplicer.InsertMember(plan, raw, new SpliceItem(name, -1, write), Formatter.Style.SortKeys);
        }
        bool Has(string name) => raw is not null && raw.IndexOf(name) >= 0;
        var wasCode = o is not null && o.CellType == CellType.Code;

        if (!Has("cell_type")) Add("cell_type", _ => Formatter.WriteString(cell.CellType));
        if (!Has("id") && cell.Id is not null) Add("id", _ => Formatter.WriteString(cell.Id));
        if (!Has("source") && (o is null || !cell.HasOriginalSource(o)))
        {
            Add("source", d => WriteMultiline(cell.Source, SourceForm.Lines, d));
        }
        if (!Has("metadata") && (o is null || HasContent(cell.MetadataToken))) Add("metadata", d => cell.MetadataToken.WriteTo(splicer, d));
        if (!Has("attachments") && cell.AttachmentsToken is { } newAttachments) Add("attachments", d => newAttachments.WriteTo(splicer, d));
        if (cell.IsCode)
        {
            if (!Has("execution_count") && (!wasCode || cell.ExecutionCount is not null)) Add("execution_count", _ => WriteNullableInt(cell.ExecutionCount));
            if (!Has("outputs") && (!wasCode || cell.Outputs.Count > 0)) Add("outputs", d => WriteOutputs(cell, null, default, d));
        }
        foreach (var (name, token) in cell.Extra.Entries)
        {
            if (!Has(name)) Add(name, d => token.WriteTo(splicer, d));
        }
        if (raw is null && Formatter.Style.SortKeys) plan.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        splicer.WriteContainer(raw, isObject: true, plan, depth);
    }

    /// <summary>The members of a cell that has no original to splice into, in the order the general path gives them.</summary>
    private static readonly string[] SortedMembers = ["attachments", "cell_type", "execution_count", "id", "metadata", "outputs", "source"];
    private static readonly string[] InsertedMembers = ["cell_type", "id", "source", "metadata", "attachments", "execution_count", "outputs"];

    /// <summary>
    /// A new cell without extra keys, written member by member as <see cref="WriteCell"/>'s plan
    /// would write it (sorted keys when the style sorts them), without the plan: a notebook read
    /// from a text has only such cells.
    /// </summary>
    private void WriteNewCell(Cell cell, int depth)
    {
        Formatter.Sink.Write((byte)'{');
        var index = 0;
        foreach (var name in Formatter.Style.SortKeys ? SortedMembers : InsertedMembers)
        {
            switch (name)
            {
                case "attachments" when cell.AttachmentsToken is null:
                case "id" when cell.Id is null:
                case "execution_count" or "outputs" when !cell.IsCode:
                    continue;
            }
            Formatter.ItemGap(index++, depth);
            Formatter.KeyAndSeparator(name);
            switch (name)
            {
                case "attachments":
                    cell.AttachmentsToken!.WriteTo(splicer, depth + 1);
                    break;
                case "cell_type":
                    Formatter.WriteString(cell.CellType);
                    break;
                case "execution_count":
                    WriteNullableInt(cell.ExecutionCount);
                    break;
                case "id":
                    Formatter.WriteString(cell.Id!);
                    break;
                case "metadata":
                    cell.MetadataToken.WriteTo(splicer, depth + 1);
                    break;
                case "outputs":
                    WriteOutputs(cell, null, default, depth + 1);
                    break;
                case "source":
                    WriteMultiline(cell.Source, SourceForm.Lines, depth + 1);
                    break;
            }
        }
        Formatter.NewLine(depth);
        Formatter.Sink.Write((byte)'}');
    }

    private void WriteOutputs(Cell cell, CellOrigin? o, RawItem item, int depth)
    {
        if (o is null && cell.Outputs.Count == 0)
        {
            Formatter.Sink.WriteText("[]");
            return;
        }
        var raw = o?.OutputsArray;
        if (o is not null && raw is not null && OutputsArePristine(cell, o))
        {
            splicer.Copy(item.Value);
            return;
        }
        var plan = new List<SpliceItem>(cell.Outputs.Count);
        foreach (var output in cell.Outputs)
        {
            var index = o is not null && output.Token.IsFrom(o.Source) ? Array.IndexOf(o.Outputs, output) : -1;
            var token = output.Token;
            if (token.Original is null)
            {
                plan.Add(new(null, index, d => Formatter.WriteToken(NbformatLines.SplitOutput(output.Content), d)));
            }
            else
            {
                plan.Add(new(null, index, d => token.WriteTo(splicer, d)));
            }
        }
        splicer.WriteContainer(raw, isObject: false, plan, depth);
    }

    private void WriteMultiline(string text, SourceForm form, int depth)
    {
        if (form == SourceForm.String) Formatter.WriteString(text);
        else Formatter.WriteLines(text, depth);
    }

    private void WriteIntOrCopy(int value, int original, RawSpan span)
    {
        if (value == original) splicer.Copy(span);
        else WriteInt(value);
    }

    private void WriteStringOrCopy(string value, string? original, RawSpan span)
    {
        if (value == original) splicer.Copy(span);
        else Formatter.WriteString(value);
    }

    private void WriteInt(int value) => Formatter.Sink.WriteText(value.ToString(CultureInfo.InvariantCulture));

    private void WriteNullableInt(int? value) => Formatter.Sink.WriteText(value?.ToString(CultureInfo.InvariantCulture) ?? "null");

    private static bool HasContent(LazyToken token) => token.IsMaterialized && token.Value is JObject { Count: > 0 };

    /// <summary>True when both cells are untouched since read and their bytes in the files they came from are the same (a fast equality check).</summary>
    internal static bool SameUntouchedBytes(Cell a, Cell b) =>
        a.Origin is { } x && b.Origin is { } y && IsPristine(a, x) && IsPristine(b, y)
        && JsonSource.SameBytes(x.Source, new RawSpan(x.Object.Start, x.Object.End, RawKind.Object), y.Source, new RawSpan(y.Object.Start, y.Object.End, RawKind.Object));

    // --- untouched checks: when these hold, the original bytes are copied as they are ---

    private static bool IsPristine(Notebook notebook, IpynbOrigin origin) =>
        notebook.NbFormat == origin.NbFormat
        && notebook.NbFormatMinor == origin.NbFormatMinor
        && IsPristine(notebook.MetadataToken)
        && notebook.Extra.IsPristine(origin.ExtraCount)
        && CellsArePristine(notebook, origin);

    private static bool CellsArePristine(Notebook notebook, IpynbOrigin origin)
    {
        if (notebook.Cells.Count != origin.Cells.Length) return false;
        for (var i = 0; i < origin.Cells.Length; i++)
        {
            var cell = notebook.Cells[i];
            if (!ReferenceEquals(cell, origin.Cells[i]) || !IsPristine(cell, cell.Origin!)) return false;
        }
        return true;
    }

    private static bool IsPristine(Cell cell, CellOrigin o) =>
        cell.CellType == o.CellType
        && cell.Id == o.Id
        && cell.HasOriginalSource(o)
        && cell.ExecutionCount == o.ExecutionCount
        && IsPristine(cell.MetadataToken)
        && ReferenceEquals(cell.AttachmentsToken, o.Attachments) && (o.Attachments is null || !o.Attachments.IsMaterialized)
        && OutputsArePristine(cell, o)
        && cell.Extra.IsPristine(o.ExtraCount);

    private static bool OutputsArePristine(Cell cell, CellOrigin o)
    {
        if (cell.Outputs.Count != o.Outputs.Length) return false;
        for (var i = 0; i < o.Outputs.Length; i++)
        {
            if (!ReferenceEquals(cell.Outputs[i], o.Outputs[i]) || o.Outputs[i].Token.IsMaterialized) return false;
        }
        return true;
    }

    // Metadata that was absent in the file reads as a new, empty object: still untouched if empty.
    private static bool IsPristine(LazyToken token) =>
        token.Original is not null ? !token.IsMaterialized : token.Value is JObject { Count: 0 };
}
