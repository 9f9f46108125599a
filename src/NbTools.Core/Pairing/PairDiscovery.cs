using NbTools.Core.Json;
using NbTools.Core.Formats;
using NbTools.Core.Formats.Ipynb;
using NbTools.Core.IO;
using Newtonsoft.Json.Linq;

namespace NbTools.Core.Pairing;

/// <summary>Finds the pairs a path stands for: a notebook, one of its texts, or a folder of them.</summary>
internal static class PairDiscovery
{
    public static IEnumerable<(string Notebook, List<PairedFormat> Formats)> Find(string path)
    {
        if (Directory.Exists(path))
        {
            var files = Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                .Where(f => !Path.GetRelativePath(path, f).Split(Path.DirectorySeparatorChar).Any(p => p.StartsWith('.')))
                .Order(StringComparer.Ordinal)
                .ToList();
            foreach (var file in files)
            {
                var format = NotebookFormats.ByPath(file);
                if (format is IpynbFormat)
                {
                    if (FormatsOf(file, required: false) is { } formats) yield return (file, formats);
                }
                else if (format is not null && !File.Exists(Path.ChangeExtension(file, ".ipynb")) && TextNotebookFiles.LooksLikeNotebookText(file))
                {
                    // A text whose notebook does not exist yet: sync creates it when the text says it is paired.
                    var notebook = Path.ChangeExtension(file, ".ipynb");
                    if (FormatsOfText(file) is { } formats && formats.Any(f => f.Extension == Path.GetExtension(file))) yield return (notebook, formats);
                }
            }
            yield break;
        }
        if (!File.Exists(path)) throw new NbToolsException($"{path}: no such file or folder");
        if (NotebookFormats.ByPath(path) is IpynbFormat)
        {
            yield return (path, FormatsOf(path, required: true)!);
            yield break;
        }
        var ipynb = Path.ChangeExtension(path, ".ipynb");
        var paired = File.Exists(ipynb) ? FormatsOf(ipynb, required: false) : FormatsOfText(path);
        if (paired is null || !paired.Any(f => f.Extension == Path.GetExtension(path)))
        {
            throw new NbToolsException($"{path}: not paired with {Path.GetFileName(ipynb)} (pair them with: nbtools pair {ipynb} --with {Path.GetExtension(path).TrimStart('.')})");
        }
        yield return (ipynb, paired);
    }

    /// <summary>A notebook's paired formats: its <c>jupytext.formats</c> metadata, else the folder's config.</summary>
    private static List<PairedFormat>? FormatsOf(string notebook, bool required)
    {
        var metadata = IpynbReader.ReadMetadata(InputFiles.ReadAllBytes(notebook), notebook);
        if (metadata.SelectToken("jupytext.formats").Str() is { } formats) return PairedFormat.ParseList(formats, notebook);
        if (PairingConfig.FormatsFor(notebook) is { } config) return PairedFormat.ParseList(config.Formats, config.File);
        if (required) throw new NbToolsException($"{notebook}: not paired with any text (pair it with: nbtools pair {notebook} --with script)");
        return null;
    }

    private static List<PairedFormat>? FormatsOfText(string text)
    {
        var metadata = Notebooks.Read(text).Metadata;
        if (metadata.SelectToken("jupytext.formats").Str() is { } formats) return PairedFormat.ParseList(formats, text);
        if (PairingConfig.FormatsFor(text) is { } config) return PairedFormat.ParseList(config.Formats, config.File);
        return null;
    }
}
