using NbTools.Core.Json;
using NbTools.Core.Formats;
using NbTools.Core.Formats.Text;
using NbTools.Core.IO;
using NbTools.Core.Model;
using Newtonsoft.Json.Linq;

namespace NbTools.Core.Pairing;

/// <summary>
/// Syncs one notebook with its texts. Every file is read once; what changed since the last sync is
/// decided by comparing content digests with the ones the notebook recorded; files are written
/// atomically, and a file that changed on disk while the sync ran is reported, not overwritten.
/// </summary>
internal sealed class PairSync(string notebookPath, List<PairedFormat> formats, TextFormatOptions options, SyncRequest request)
{
    private readonly Dictionary<string, byte[]?> snapshot = new(StringComparer.Ordinal);

    public PairSyncResult Run(bool forceFromIpynb)
    {
        var ipynbBytes = ReadOnce(notebookPath);
        var texts = formats.Select(f => (Format: f, Path: f.PathFor(notebookPath), Bytes: ReadOnce(f.PathFor(notebookPath)))).ToList();
        if (ipynbBytes is null) return CreateNotebook(texts);

        var notebook = Notebooks.Read(ipynbBytes, notebookPath);
        var state = notebook.Metadata.SelectToken("nbtools.sync") as JObject;
        // The whole file as it was at the last sync: the notebook did not change, no need to render it.
        var untouched = !forceFromIpynb && state?["ipynb"] is { } recorded && recorded.Str() == NotebookFileDigest.Of(ipynbBytes);
        var renders = texts.Select(t => untouched ? null : Render(notebook, t.Format)).ToList();

        var changedTexts = new List<int>();
        var notebookChanged = false;
        var missing = new List<int>();
        for (var i = 0; i < texts.Count; i++)
        {
            var stored = state?[texts[i].Format.Spec].Str();
            var rendered = renders[i] is { } render ? NotebookPairing.Digest(render) : stored;
            if (texts[i].Bytes is not { } bytes)
            {
                missing.Add(i);
                if (stored is not null && stored != rendered) notebookChanged = true;
                continue;
            }
            var current = NotebookPairing.Digest(bytes);
            if (stored is null)
            {
                // No record yet (paired by jupytext, or by hand): equal content is in sync; else both "changed".
                if (current != rendered)
                {
                    changedTexts.Add(i);
                    notebookChanged = true;
                }
                continue;
            }
            // A text that already is what the notebook gives is in sync whatever the record says: an
            // interrupted sync (texts written, notebook not yet) leaves such texts, and they are no edit.
            if (current != stored && current != rendered) changedTexts.Add(i);
            if (rendered != stored) notebookChanged = true;
        }
        if (forceFromIpynb)
        {
            changedTexts.Clear();
            notebookChanged = true;
        }

        var names = string.Join(", ", texts.Select(t => t.Path));
        if (request.Check)
        {
            // No record yet (paired by jupytext or by hand) with texts that are what the notebook gives: in sync.
            if (changedTexts.Count == 0 && !notebookChanged && missing.Count == 0) return Result(SyncAction.UpToDate, state is null ? "up to date (no sync recorded yet; the texts agree with the notebook)" : "up to date");
            var what = changedTexts.Count > 0 && notebookChanged ? "both the notebook and " + string.Join(", ", changedTexts.Select(i => texts[i].Path)) + " changed"
                : changedTexts.Count > 0 ? string.Join(", ", changedTexts.Select(i => texts[i].Path)) + " changed"
                : notebookChanged ? "the notebook changed" : "missing " + string.Join(", ", missing.Select(i => texts[i].Path));
            return Result(SyncAction.OutOfDate, $"out of date: {what}; run nbtools sync {notebookPath}");
        }

        if (changedTexts.Count > 0 && notebookChanged && request.Prefer == SyncPreference.None)
        {
            return Result(SyncAction.Conflict,
                $"both {notebookPath} and {string.Join(", ", changedTexts.Select(i => texts[i].Path))} changed since the last sync; nothing was written. " +
                "Keep one side with --prefer text or --prefer ipynb (or merge the inputs by hand, then sync)");
        }

        if (changedTexts.Count > 0 && (!notebookChanged || request.Prefer == SyncPreference.Text))
        {
            var incoming = changedTexts.Select(i => texts[i].Format.Create(options).Read(texts[i].Bytes!, texts[i].Path)).ToList();
            for (var k = 1; k < incoming.Count; k++)
            {
                if (!SameInputs(incoming[0], incoming[k]))
                {
                    return Result(SyncAction.Conflict, $"{texts[changedTexts[0]].Path} and {texts[changedTexts[k]].Path} both changed, differently; keep one and sync again");
                }
            }
            InputsMerger.Merge(notebook, incoming[0], options, texts[changedTexts[0]].Format.Extension == ".dib", request.KeepStaleOutputs);
            return WriteAll(notebook, texts, SyncAction.UpdatedNotebook, $"updated the notebook from {texts[changedTexts[0]].Path}");
        }
        if (notebookChanged)
        {
            return WriteAll(notebook, texts, SyncAction.UpdatedTexts, $"regenerated {names} from the notebook");
        }
        if (missing.Count > 0 || state is null || formats.Any(f => state[f.Spec] is null) || state["ipynb"] is null)
        {
            return WriteAll(notebook, texts, SyncAction.CreatedTexts, missing.Count > 0 ? $"created {string.Join(", ", missing.Select(i => texts[i].Path))}" : "recorded the sync state");
        }
        return Result(SyncAction.UpToDate, "up to date");
    }

    private PairSyncResult CreateNotebook(List<(PairedFormat Format, string Path, byte[]? Bytes)> texts)
    {
        var existing = texts.Where(t => t.Bytes is not null).ToList();
        if (existing.Count == 0) throw new NbToolsException($"{notebookPath}: neither the notebook nor any of its texts exists");
        if (request.Check) return Result(SyncAction.OutOfDate, $"out of date: {notebookPath} does not exist yet; run nbtools sync");
        var notebook = existing[0].Format.Create(options).Read(existing[0].Bytes!, existing[0].Path);
        foreach (var other in existing.Skip(1))
        {
            if (!SameInputs(notebook, other.Format.Create(options).Read(other.Bytes!, other.Path)))
            {
                return Result(SyncAction.Conflict, $"{existing[0].Path} and {other.Path} hold different cells and there is no {notebookPath} to tell which is newer; keep one and sync again");
            }
        }
        var jupytext = notebook.Metadata["jupytext"] as JObject;
        if (jupytext is null)
        {
            jupytext = new JObject();
            notebook.Metadata["jupytext"] = jupytext;
        }
        jupytext["formats"] = "ipynb," + string.Join(",", formats.Select(f => f.Spec));
        return WriteAll(notebook, texts, SyncAction.CreatedNotebook, $"created {notebookPath} from {existing[0].Path}");
    }

    /// <summary>
    /// Writes the texts rendered from the notebook first and the notebook (with the new sync state)
    /// last: the notebook's record is the commit point. Interrupted before it, the record still
    /// describes the old texts, so the next sync finds the texts already written equal to what the
    /// notebook gives (in sync) or equal in inputs to the edited text (the same edit again) – never
    /// a stale text that looks newer than the notebook, which would undo the edit.
    /// </summary>
    private PairSyncResult WriteAll(Notebook notebook, List<(PairedFormat Format, string Path, byte[]? Bytes)> texts, SyncAction action, string message)
    {
        var renders = texts.Select(t => Render(notebook, t.Format)).ToList();
        var sync = new JObject();
        for (var i = 0; i < texts.Count; i++) sync[texts[i].Format.Spec] = NotebookPairing.Digest(renders[i]);
        // The record holds the digest of the notebook file itself, which leaves the record out: write
        // with a placeholder of the digest's length, digest, then put the digest in the placeholder's place.
        sync["ipynb"] = Placeholder;
        SetState(notebook, sync);
        var notebookBytes = Notebooks.ToBytes(notebook);
        var at = notebookBytes.AsSpan().IndexOf(System.Text.Encoding.ASCII.GetBytes(Placeholder));
        if (at >= 0 && NotebookFileDigest.Of(notebookBytes) is { } fileDigest)
        {
            System.Text.Encoding.ASCII.GetBytes(fileDigest).CopyTo(notebookBytes, at);
            sync["ipynb"] = fileDigest;
        }
        else
        {
            sync.Remove("ipynb"); // UTF-16 notebooks: no file digest, changes are found by rendering
            SetState(notebook, sync);
            notebookBytes = Notebooks.ToBytes(notebook);
        }

        var written = new List<string>();
        foreach (var path in texts.Select(t => t.Path).Append(notebookPath))
        {
            if (!StillAsRead(path)) return Changed(path, written);
        }
        for (var i = 0; i < texts.Count; i++)
        {
            if (WriteIfDifferent(texts[i].Path, renders[i])) written.Add(texts[i].Path);
        }
        if (!StillAsRead(notebookPath)) return Changed(notebookPath, written);
        if (WriteIfDifferent(notebookPath, notebookBytes)) written.Add(notebookPath);
        return new PairSyncResult(notebookPath, written.Count == 0 ? SyncAction.UpToDate : action, written.Count == 0 ? "up to date" : message, written);
    }

    /// <summary>Writes atomically unless the file already holds these bytes (compared with what this sync read).</summary>
    private bool WriteIfDifferent(string path, byte[] bytes)
    {
        if (snapshot[Path.GetFullPath(path)] is { } read && read.AsSpan().SequenceEqual(bytes)) return false;
        AtomicFile.WriteIfChanged(path, stream => stream.Write(bytes), compare: false);
        return true;
    }

    private static readonly string Placeholder = "xxh3:" + new string('0', NotebookFileDigest.Length - 5);

    private PairSyncResult Changed(string path, List<string> written) =>
        new(notebookPath, SyncAction.ChangedDuringSync, $"{path} changed on disk during the sync and was left alone; run nbtools sync again", written);

    private static void SetState(Notebook notebook, JObject sync)
    {
        if (JToken.DeepEquals(notebook.Metadata.SelectToken("nbtools.sync"), sync)) return;
        if (notebook.Metadata["nbtools"] is not JObject nbtools)
        {
            nbtools = new JObject();
            notebook.Metadata["nbtools"] = nbtools;
        }
        nbtools["sync"] = sync;
    }

    private byte[] Render(Notebook notebook, PairedFormat format)
    {
        using var buffer = new MemoryStream();
        format.Create(options).Write(notebook, buffer);
        return buffer.ToArray();
    }

    private static bool SameInputs(Notebook a, Notebook b) =>
        a.Cells.Count == b.Cells.Count && a.Cells.Zip(b.Cells).All(p => p.First.CellType == p.Second.CellType && p.First.Source == p.Second.Source);

    private byte[]? ReadOnce(string path)
    {
        var bytes = File.Exists(path) ? InputFiles.ReadAllBytes(path) : null;
        snapshot[Path.GetFullPath(path)] = bytes;
        return bytes;
    }

    /// <summary>True when the file on disk is still what this sync read (editors save while we work).</summary>
    private bool StillAsRead(string path)
    {
        var read = snapshot[Path.GetFullPath(path)];
        if (!File.Exists(path)) return read is null;
        if (read is null) return false;
        var info = new FileInfo(path);
        return info.Length == read.Length && File.ReadAllBytes(path).AsSpan().SequenceEqual(read);
    }

    private PairSyncResult Result(SyncAction action, string message) => new(notebookPath, action, message, []);
}
