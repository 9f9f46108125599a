using NbTools.Core.Diffing.Generic;
using NbTools.Core.Diffing.Notebook;
using NbTools.Core.Formats.Ipynb;
using NbTools.Core.Json;
using NbTools.Core.Model;
using Newtonsoft.Json.Linq;

namespace NbTools.Core.Merging;

/// <summary>
/// Three-way notebook merge: cells aligned base↔local and base↔remote (by id, content,
/// similarity); inserts, deletes and edits of either side taken; sources merged line by line;
/// outputs follow the source (a cell keeps the outputs of the side whose source it took, a cell
/// merged from both sides loses its stale outputs, differing execution counts become null);
/// metadata merged key by key; ids regenerated on both sides are not a conflict. What both sides
/// changed differently stays in the notebook as data – markers in sources, conflict cells kept –
/// and is listed in <c>metadata.nbtools.conflicts</c>. The result is written in the local file's
/// style, is a valid notebook, and is the same for the same inputs.
/// </summary>
internal sealed class NotebookMerger(Model.Notebook baseNotebook, Model.Notebook local, Model.Notebook remote, MergeOptions options)
{
    private readonly List<MergeConflict> conflicts = [];
    private readonly List<Cell> merged = [];
    private readonly HashSet<Cell> created = new(ReferenceEqualityComparer.Instance); // cells this merge made (looked up per cell when ids are fixed)
    private int conflictPoints; // conflicts met so far, resolved or not: the index into options.Decisions

    /// <summary>The decision for the conflict met now (unresolved when none was given).</summary>
    private ConflictDecision Decide()
    {
        var decisions = options.Decisions;
        var decision = decisions is not null && conflictPoints < decisions.Count ? decisions[conflictPoints] : null;
        conflictPoints++;
        return decision ?? new ConflictDecision(ConflictChoice.Unresolved);
    }

    public MergeResult Merge()
    {
        var (toLocal, localInserts) = Side(baseNotebook.Cells, local.Cells);
        var (toRemote, remoteInserts) = Side(baseNotebook.Cells, remote.Cells);
        for (var i = 0; i <= baseNotebook.Cells.Count; i++)
        {
            Inserts(localInserts.GetValueOrDefault(i) ?? [], remoteInserts.GetValueOrDefault(i) ?? []);
            if (i == baseNotebook.Cells.Count) break;
            var b = baseNotebook.Cells[i];
            var l = toLocal[i] >= 0 ? local.Cells[toLocal[i]] : null;
            var r = toRemote[i] >= 0 ? remote.Cells[toRemote[i]] : null;
            if (l is not null && r is not null) merged.Add(MergeCell(b, l, r));
            else if (l is null && r is null) continue; // deleted on both sides
            else if (l is null) Deleted(b, r!, "delete-modify", options.RemoteLabel);
            else Deleted(b, l, "modify-delete", options.LocalLabel);
        }

        var result = local; // written in the local file's own style
        var metadata = MergeObject(WithoutSyncRecord(baseNotebook, local, remote, out var localMetadata, out var remoteMetadata), localMetadata, remoteMetadata, "");
        if (metadata is not null && !JToken.DeepEquals(metadata, local.Metadata)) result.Metadata = metadata;
        result.Cells.Clear();
        result.Cells.AddRange(merged);
        if (result.NbFormatMinor >= 5) EnsureUniqueIds(result);
        RecordConflicts(result);
        return new MergeResult(result, conflicts);
    }

    /// <summary>For each base cell, its index on the side (-1: deleted or moved away); and the side's cells inserted after each base index (slot i: before base cell i).</summary>
    private static (int[] ToSide, Dictionary<int, List<Cell>> Inserts) Side(List<Cell> baseCells, List<Cell> side)
    {
        var (inOrder, _) = CellAligner.Align(baseCells, side, acrossTypes: true);
        var toSide = Enumerable.Repeat(-1, baseCells.Count).ToArray();
        foreach (var (a, b) in inOrder)
        {
            toSide[a] = b;
        }
        // A cell the side inserted belongs right after the base cell it follows (the one the
        // author was looking at), so cells the side deleted after that anchor do not move it.
        var inserts = new Dictionary<int, List<Cell>>();
        var slot = 0;
        var byB = inOrder.ToDictionary(p => p.B, p => p.A);
        for (var j = 0; j < side.Count; j++)
        {
            if (byB.TryGetValue(j, out var a))
            {
                slot = a + 1;
                continue;
            }
            if (!inserts.TryGetValue(slot, out var list)) inserts[slot] = list = [];
            list.Add(side[j]);
        }
        return (toSide, inserts);
    }

    /// <summary>
    /// Cells both sides inserted at one place: cells they inserted alike are taken once (a file
    /// added on both branches shares most of its cells); between those, one side's cells are
    /// taken, and different cells from both are a conflict.
    /// </summary>
    private void Inserts(List<Cell> fromLocal, List<Cell> fromRemote)
    {
        if (fromRemote.Count == 0) { merged.AddRange(fromLocal); return; }
        if (fromLocal.Count == 0) { Add(fromRemote); return; }
        static string Key(Cell c) => c.CellType + "\0" + c.Source;
        var common = SequenceAligner.Align(fromLocal.Select(Key).ToList(), fromRemote.Select(Key).ToList(), StringComparer.Ordinal);
        int li = 0, ri = 0;
        foreach (var (a, b) in common.Append((fromLocal.Count, fromRemote.Count)))
        {
            InsertedApart(fromLocal.GetRange(li, a - li), fromRemote.GetRange(ri, b - ri));
            if (a < fromLocal.Count) merged.Add(MergeCell(fromRemote[b], fromLocal[a], fromRemote[b]));
            (li, ri) = (a + 1, b + 1);
        }
    }

    private void InsertedApart(List<Cell> fromLocal, List<Cell> fromRemote)
    {
        if (fromRemote.Count == 0) { merged.AddRange(fromLocal); return; }
        if (fromLocal.Count == 0) { Add(fromRemote); return; }
        switch (options.Sources)
        {
            case MergeStrategy.Ours: merged.AddRange(fromLocal); break;
            case MergeStrategy.Theirs: Add(fromRemote); break;
            case MergeStrategy.Base: break;
            case MergeStrategy.Union: merged.AddRange(fromLocal); Add(fromRemote); break;
            default:
                switch (Decide().Choice)
                {
                    case ConflictChoice.Local: merged.AddRange(fromLocal); return;
                    case ConflictChoice.Remote: Add(fromRemote); return;
                    case ConflictChoice.Base: return;
                    case ConflictChoice.LocalThenRemote: merged.AddRange(fromLocal); Add(fromRemote); return;
                    case ConflictChoice.RemoteThenLocal: Add(fromRemote); merged.AddRange(fromLocal); return;
                }
                // Both kept, in order, between marker cells that say whose they are.
                merged.Add(MarkerCell($"{new string('<', options.MarkerSize)} {options.LocalLabel}: cells inserted here by both sides"));
                conflicts.Add(new MergeConflict(merged.Count - 1, "insert-insert") { Sides = new ConflictSides([], fromLocal, fromRemote) });
                merged.AddRange(fromLocal);
                merged.Add(MarkerCell(new string('=', options.MarkerSize)));
                Add(fromRemote);
                merged.Add(MarkerCell($"{new string('>', options.MarkerSize)} {options.RemoteLabel}"));
                break;
        }
    }

    private void Add(IEnumerable<Cell> remoteCells)
    {
        foreach (var cell in remoteCells)
        {
            var copy = Copy(cell);
            merged.Add(copy);
        }
    }

    /// <summary>A copy of a cell from another notebook (so the local file's bytes are not confused with it).</summary>
    private Cell Copy(Cell cell)
    {
        var copy = new Cell(cell.CellType, cell.Source) { Id = cell.Id, ExecutionCount = cell.ExecutionCount, Metadata = cell.CopyMetadata() };
        if (cell.Attachments is { } attachments) copy.Attachments = (JObject)attachments.DeepClone();
        copy.Outputs.AddRange(ClonedOutputs(cell));
        foreach (var name in cell.Extra.Names) copy.Extra[name] = cell.Extra[name]!.DeepClone();
        created.Add(copy);
        return copy;
    }

    private Cell MarkerCell(string text)
    {
        var cell = new Cell(CellType.Markdown, text);
        created.Add(cell);
        return cell;
    }

    /// <summary>One side deleted the cell: gone if the other side left it as it was, else kept with a marker line.</summary>
    private void Deleted(Cell baseCell, Cell kept, string kind, string keptLabel)
    {
        if (SameCell(baseCell, kept)) return;
        switch (options.Sources)
        {
            case MergeStrategy.Ours when kind == "delete-modify":
            case MergeStrategy.Theirs when kind == "modify-delete":
                return; // the deleting side wins
            case MergeStrategy.Base:
                merged.Add(Copy(baseCell));
                return;
            case MergeStrategy.Inline:
                if (Decided(baseCell, kept, kind)) return;
                var cell = Copy(kept);
                var deleter = kind == "delete-modify" ? options.LocalLabel : options.RemoteLabel;
                cell.Source = $"{new string('<', options.MarkerSize)} {deleter} deleted this cell; {keptLabel} changed it {new string('>', options.MarkerSize)}\n" + cell.Source;
                merged.Add(cell);
                conflicts.Add(new MergeConflict(merged.Count - 1, kind) { Sides = kind == "delete-modify" ? new ConflictSides([baseCell], [], [kept]) : new ConflictSides([baseCell], [kept], []) });
                return;
            default:
                merged.Add(kind == "modify-delete" ? kept : Copy(kept));
                return;
        }
    }

    /// <summary>A delete/modify conflict resolved by its decision; false when it is left inline.</summary>
    private bool Decided(Cell baseCell, Cell kept, string kind)
    {
        var decision = Decide();
        var localDeleted = kind == "delete-modify";
        switch (decision.Choice)
        {
            case ConflictChoice.Local:
                if (!localDeleted) merged.Add(kept);
                return true;
            case ConflictChoice.Remote:
                if (localDeleted) merged.Add(Copy(kept));
                return true;
            case ConflictChoice.Base:
                merged.Add(Copy(baseCell));
                return true;
            case ConflictChoice.Edit:
                var cell = localDeleted ? Copy(kept) : kept;
                var edited = decision.EditedSource ?? cell.Source;
                if (edited != cell.Source && cell.IsCode)
                {
                    cell.Outputs.Clear(); // they belong to the other source
                    cell.ExecutionCount = null;
                }
                cell.Source = edited;
                merged.Add(cell);
                return true;
            default:
                return false;
        }
    }

    /// <summary>A source conflict resolved by its decision; null when it is left inline.</summary>
    private string? Decided(Cell b, Cell l, Cell r)
    {
        var decision = Decide();
        return decision.Choice switch
        {
            ConflictChoice.Local => LineMerger.Merge(b.Source, l.Source, r.Source, MergeStrategy.Ours, options).Text,
            ConflictChoice.Remote => LineMerger.Merge(b.Source, l.Source, r.Source, MergeStrategy.Theirs, options).Text,
            ConflictChoice.Base => LineMerger.Merge(b.Source, l.Source, r.Source, MergeStrategy.Base, options).Text,
            ConflictChoice.LocalThenRemote => LineMerger.Merge(b.Source, l.Source, r.Source, MergeStrategy.Union, options).Text,
            ConflictChoice.RemoteThenLocal => LineMerger.Merge(b.Source, r.Source, l.Source, MergeStrategy.Union, options).Text,
            ConflictChoice.Edit => decision.EditedSource ?? l.Source,
            _ => null,
        };
    }

    private Cell MergeCell(Cell b, Cell l, Cell r)
    {
        if (SameCell(b, r) || SameCell(l, r)) return l; // only local changed it, or both the same way
        if (SameCell(b, l)) return Copy(r);                // only remote changed it
        var cell = l; // changes go onto the local cell, so its unchanged parts keep their bytes
        var localSource = l.Source; // l is the merged cell: its source changes below
        Cell LocalBefore() // what local had, for showing a conflict: copied only when there is one
        {
            var before = Copy(l);
            before.Source = localSource; // the only part changed before a conflict is recorded
            return before;
        }
        var index = merged.Count;

        // Source, line by line.
        var sourceFrom = "both";
        if (l.Source == b.Source && r.Source == b.Source) sourceFrom = "neither";
        else if (l.Source == r.Source) sourceFrom = "alike"; // the same edit on both sides
        else if (r.Source == b.Source) sourceFrom = "local";
        else if (l.Source == b.Source) sourceFrom = "remote";
        var (source, conflict) = LineMerger.Merge(b.Source, l.Source, r.Source, options.Sources, options);
        if (conflict)
        {
            if (Decided(b, l, r) is { } decided) source = decided;
            else conflicts.Add(new MergeConflict(index, "source") { Sides = new ConflictSides([b], [LocalBefore()], [r]) });
        }
        if (source != cell.Source) cell.Source = source;

        // Cell type, id, metadata.
        if (l.CellType != r.CellType && r.CellType != b.CellType)
        {
            if (l.CellType == b.CellType) cell.CellType = r.CellType;
            else
            {
                // Both changed the type differently: the strategy picks one, as it does for sources.
                var choice = options.Sources switch
                {
                    MergeStrategy.Ours or MergeStrategy.Union => ConflictChoice.Local,
                    MergeStrategy.Theirs => ConflictChoice.Remote,
                    MergeStrategy.Base => ConflictChoice.Base,
                    _ => Decide().Choice,
                };
                switch (choice)
                {
                    case ConflictChoice.Remote: cell.CellType = r.CellType; break;
                    case ConflictChoice.Base: cell.CellType = b.CellType; break;
                    case ConflictChoice.Local: break;
                    default: conflicts.Add(new MergeConflict(index, "cell_type") { Sides = new ConflictSides([b], [LocalBefore()], [r]) }); break;
                }
            }
        }
        if (l.Id == b.Id && r.Id != b.Id) cell.Id = r.Id; // regenerated on both sides: keep local's, no conflict
        var metadata = MergeObject((JObject)b.MetadataView.DeepClone(), l.MetadataView, r.MetadataView, index.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (metadata is not null && !JToken.DeepEquals(metadata, l.MetadataView)) cell.Metadata = metadata;
        if (!JToken.DeepEquals(l.Attachments, r.Attachments) && JToken.DeepEquals(l.Attachments, b.Attachments)) cell.Attachments = (JObject?)r.Attachments?.DeepClone();

        // Outputs follow the source.
        if (cell.IsCode)
        {
            switch (sourceFrom)
            {
                case "remote":
                    ReplaceOutputs(cell, r);
                    break;
                case "local":
                    break; // the local cell's outputs belong to its source, the remote ones to the old source
                case "both":
                    // A conflict resolved to one side's whole source takes that side's outputs; a mix has none yet.
                    if (source == localSource) break;
                    if (source == r.Source) ReplaceOutputs(cell, r);
                    else if (source == b.Source) ReplaceOutputs(cell, b);
                    else
                    {
                        cell.Outputs.Clear();
                        cell.ExecutionCount = null;
                    }
                    break;
                default:
                    var localOutputsChanged = !SameOutputs(b, l);
                    var remoteOutputsChanged = !SameOutputs(b, r);
                    if (!localOutputsChanged && remoteOutputsChanged) ReplaceOutputs(cell, r);
                    else if (localOutputsChanged && remoteOutputsChanged && !SameOutputs(l, r))
                    {
                        if (options.Outputs == MergeStrategy.Theirs) ReplaceOutputs(cell, r);
                        else if (options.Outputs == MergeStrategy.Base) ReplaceOutputs(cell, b);
                    }
                    if (l.ExecutionCount != r.ExecutionCount)
                    {
                        // One side re-ran the cell: its count; both did, differently: no count.
                        cell.ExecutionCount = l.ExecutionCount == b.ExecutionCount ? r.ExecutionCount : r.ExecutionCount == b.ExecutionCount ? l.ExecutionCount : null;
                    }
                    break;
            }
        }
        return cell;
    }

    private static void ReplaceOutputs(Cell cell, Cell from)
    {
        cell.Outputs.Clear();
        cell.Outputs.AddRange(ClonedOutputs(from));
        cell.ExecutionCount = from.ExecutionCount;
    }

    /// <summary>Key by key; nested objects recursively; both changed differently → conflict (local's value kept, or by strategy).</summary>
    private JObject? MergeObject(JObject b, JObject l, JObject r, string where)
    {
        var result = new JObject();
        var keys = l.Properties().Select(p => p.Name).Concat(r.Properties().Select(p => p.Name)).Concat(b.Properties().Select(p => p.Name)).Distinct().ToList();
        foreach (var key in keys)
        {
            var (vb, vl, vr) = (b[key], l[key], r[key]);
            JToken? value;
            if (JToken.DeepEquals(vl, vr) || JToken.DeepEquals(vr, vb)) value = vl;
            else if (JToken.DeepEquals(vl, vb)) value = vr;
            else if (vl is JObject ol && vr is JObject or && (vb is JObject || vb is null)) value = MergeObject(vb as JObject ?? new JObject(), ol, or, where);
            else
            {
                value = options.Metadata switch
                {
                    MergeStrategy.Theirs => vr,
                    MergeStrategy.Base => vb,
                    _ => vl,
                };
                if (options.Metadata is MergeStrategy.Inline)
                {
                    var decision = Decide();
                    switch (decision.Choice)
                    {
                        case ConflictChoice.Remote: value = vr; break;
                        case ConflictChoice.Base: value = vb; break;
                        case ConflictChoice.Local: break;
                        case ConflictChoice.Edit: value = ConflictDecision.EditedValue(decision.EditedSource, key); break;
                        default:
                            var cellIndex = where.Length == 0 ? -1 : int.Parse(where, System.Globalization.CultureInfo.InvariantCulture);
                            conflicts.Add(new MergeConflict(cellIndex, "metadata", key) { Sides = new ConflictSides([], [], [], vb, vl, vr) });
                            break;
                    }
                }
            }
            if (value is not null) result[key] = value.DeepClone();
        }
        return result;
    }

    /// <summary>
    /// The notebooks' metadata for merging, without <c>nbtools.sync</c> when both sides changed it
    /// differently: that record holds digests of the files as each side last synced them, so neither
    /// side's is true of the merged files – it is dropped, not a conflict, and the next
    /// <c>nbtools sync</c> compares the merged notebook and texts by content and records it anew.
    /// </summary>
    private static JObject WithoutSyncRecord(Model.Notebook baseNotebook, Model.Notebook local, Model.Notebook remote, out JObject localMetadata, out JObject remoteMetadata)
    {
        var b = (JObject)baseNotebook.Metadata.DeepClone();
        localMetadata = local.Metadata;
        remoteMetadata = remote.Metadata;
        var (sb, sl, sr) = (b.SelectToken("nbtools.sync"), local.Metadata.SelectToken("nbtools.sync"), remote.Metadata.SelectToken("nbtools.sync"));
        if (JToken.DeepEquals(sl, sr) || JToken.DeepEquals(sl, sb) || JToken.DeepEquals(sr, sb)) return b;
        localMetadata = (JObject)local.Metadata.DeepClone();
        remoteMetadata = (JObject)remote.Metadata.DeepClone();
        foreach (var metadata in new[] { b, localMetadata, remoteMetadata })
        {
            if (metadata["nbtools"] is not JObject nbtools) continue;
            nbtools.Remove("sync");
            if (!nbtools.HasValues) metadata.Remove("nbtools");
        }
        return b;
    }

    private static IEnumerable<Output> ClonedOutputs(Cell from) => from.Outputs.Select(o => new Output(o.CopyContent()));

    private static bool SameCell(Cell a, Cell b) =>
        SameBytes(a, b)
        || (a.CellType == b.CellType && a.Source == b.Source && Cell.SameMetadata(a, b)
            && JToken.DeepEquals(a.Attachments, b.Attachments) && SameOutputs(a, b) && a.ExecutionCount == b.ExecutionCount);

    private static bool SameOutputs(Cell a, Cell b) =>
        a.Outputs.Count == b.Outputs.Count && a.Outputs.Zip(b.Outputs).All(p => LazyToken.SameValue(p.First.Token, p.Second.Token));

    /// <summary>Cells read untouched with the same bytes are the same cell, without parsing their metadata or outputs.</summary>
    private static bool SameBytes(Cell a, Cell b) => IpynbWriter.SameUntouchedBytes(a, b);

    /// <summary>New cells (and cells both sides brought with the same id) get ids unique in the merged notebook, derived from content.</summary>
    private void EnsureUniqueIds(Model.Notebook notebook)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var renew = new List<Cell>();
        foreach (var cell in notebook.Cells)
        {
            if (cell.Id is null || !seen.Add(cell.Id))
            {
                if (cell.Id is not null && !created.Contains(cell)) continue; // never rename a local cell
                cell.Id = null;
                renew.Add(cell);
            }
        }
        if (renew.Count > 0) CellIds.AssignTo(notebook, renew); // it indexes every id of the notebook first
    }

    private void RecordConflicts(Model.Notebook notebook)
    {
        var existing = notebook.Metadata["nbtools"] as JObject;
        if (conflicts.Count == 0)
        {
            if (existing?["conflicts"] is not null)
            {
                existing.Remove("conflicts");
                if (!existing.HasValues) notebook.Metadata.Remove("nbtools");
            }
            return;
        }
        if (existing is null)
        {
            existing = new JObject();
            notebook.Metadata["nbtools"] = existing;
        }
        existing["conflicts"] = new JArray(conflicts.Select(c =>
        {
            var entry = new JObject { ["kind"] = c.Kind };
            if (c.Cell >= 0) entry["cell"] = c.Cell + 1; // counted from 1, as every message says it
            if (c.Key is not null) entry["key"] = c.Key;
            return entry;
        }));
    }
}
