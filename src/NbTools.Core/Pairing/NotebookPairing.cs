using System.Security.Cryptography;
using NbTools.Core.Formats;
using NbTools.Core.Formats.Ipynb;
using NbTools.Core.Formats.Text;
using NbTools.Core.IO;
using NbTools.Core.Model;
using Newtonsoft.Json.Linq;

namespace NbTools.Core.Pairing;

/// <summary>
/// The pairing facade: <see cref="Pair"/> records a notebook's text formats and writes them;
/// <see cref="Sync"/> brings each pair up to date. Which side changed is decided by content, never
/// by file times: the notebook keeps, in <c>metadata.nbtools.sync</c>, the SHA-256 of each text as
/// it was at the last sync.
/// </summary>
public static class NotebookPairing
{
    /// <summary>Pairs a notebook with text formats (jupytext's <c>formats</c> metadata) and writes the texts.</summary>
    public static SyncResult Pair(string notebookPath, IReadOnlyList<string> with, TextFormatOptions? options = null)
    {
        if (NotebookFormats.ByPath(notebookPath) is not IpynbFormat)
        {
            throw new NbToolsException($"{notebookPath}: pair a .ipynb notebook (its texts are named after it)");
        }
        var notebook = Notebooks.Read(notebookPath);
        var formats = new List<PairedFormat>();
        foreach (var name in with)
        {
            var spec = FormatSpellings.Canonical(name) switch
            {
                NotebookFormats.Script => NotebookLanguage.ScriptLanguageOf(notebook).Extension[1..],
                NotebookFormats.LightScript => NotebookLanguage.ScriptLanguageOf(notebook).Extension[1..] + ":light",
                _ => name,
            };
            var (ext, formatName) = spec.Contains(':') ? (spec[..spec.IndexOf(':')], spec[(spec.IndexOf(':') + 1)..]) : (spec, "");
            var format = PairedFormat.Parse(ext.TrimStart('.'), formatName, name, notebookPath);
            if (!formats.Contains(format)) formats.Add(format);
        }
        var noLongerPaired = NoLongerPaired(notebook, notebookPath, formats);
        var jupytext = notebook.Metadata["jupytext"] as JObject;
        if (jupytext is null)
        {
            jupytext = new JObject();
            notebook.Metadata["jupytext"] = jupytext;
        }
        jupytext["formats"] = "ipynb," + string.Join(",", formats.Select(f => f.Spec));
        // Texts that exist already and are not this notebook's would be overwritten: refuse.
        foreach (var format in formats)
        {
            var path = format.PathFor(notebookPath);
            if (File.Exists(path) && !TextNotebookFiles.LooksLikeNotebookText(path))
            {
                throw new NbToolsException($"{path}: exists and is not a notebook text; move it away before pairing {notebookPath}");
            }
        }
        Notebooks.Write(notebook, notebookPath); // the pairing first; the sync below reads it back
        return new SyncResult([new PairSync(notebookPath, formats, options ?? TextFormatOptions.Default, new SyncRequest([notebookPath], Prefer: SyncPreference.Ipynb)).Run(forceFromIpynb: true)])
        {
            NoLongerPaired = noLongerPaired,
        };
    }

    /// <summary>
    /// Texts of the notebook's previous pairing that the new one leaves out and that exist on disk:
    /// re-pairing does not delete them, so the user is told they are no longer kept in sync.
    /// </summary>
    private static List<string> NoLongerPaired(Notebook notebook, string notebookPath, List<PairedFormat> formats)
    {
        if (notebook.Metadata.SelectToken("jupytext.formats") is not JValue { Type: JTokenType.String } previous) return [];
        List<PairedFormat> before;
        try
        {
            before = PairedFormat.ParseList((string)previous!, notebookPath);
        }
        catch (NbToolsException)
        {
            return []; // a pairing NbTools cannot read had no texts NbTools kept in sync
        }
        return before
            .Where(old => !formats.Any(f => f.Extension == old.Extension))
            .Select(old => old.PathFor(notebookPath))
            .Where(File.Exists)
            .ToList();
    }

    /// <summary>Syncs every pair the request names.</summary>
    public static SyncResult Sync(SyncRequest request)
    {
        var options = request.Options ?? TextFormatOptions.Default;
        var pairs = new List<(string Notebook, List<PairedFormat> Formats)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in request.Paths)
        {
            foreach (var pair in PairDiscovery.Find(path))
            {
                if (seen.Add(Path.GetFullPath(pair.Notebook))) pairs.Add(pair);
            }
        }
        if (pairs.Count == 0)
        {
            // A check of folders with nothing paired in them has nothing out of date (a pre-commit hook in a
            // repository that pairs nothing yet); asked to sync, or naming files, it is a mistake worth saying.
            if (request.Check && request.Paths.All(Directory.Exists)) return new SyncResult([]);
            throw new NbToolsException("no paired notebooks found (pair one with: nbtools pair NB.ipynb --with script)");
        }
        return new SyncResult(pairs.Select(p => new PairSync(p.Notebook, p.Formats, options, request).Run(forceFromIpynb: false)).ToList());
    }

    internal static string Digest(ReadOnlySpan<byte> bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
}
