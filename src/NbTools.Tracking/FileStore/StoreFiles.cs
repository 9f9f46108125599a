using System.Globalization;
using System.Text;
using YamlDotNet.Serialization;

namespace NbTools.Tracking.FileStore;

/// <summary>How the file store reads and writes its files: atomic replacement, retried reads, meta.yaml as a mapping.</summary>
internal static class StoreFiles
{
    public const string TempPrefix = ".nbtools-tmp-";
    private static readonly IDeserializer Yaml = new DeserializerBuilder().IgnoreUnmatchedProperties().Build(); // built once: listing runs reads every meta.yaml

    public static void WriteAtomic(string path, string text)
    {
        var temp = Path.Combine(Path.GetDirectoryName(path)!, TempPrefix + Guid.NewGuid().ToString("N"));
        File.WriteAllBytes(temp, Encoding.UTF8.GetBytes(text));
        File.Move(temp, path, overwrite: true);
    }

    public static string ReadText(string path)
    {
        string text = "";
        Retry(() => text = File.ReadAllText(path, Encoding.UTF8));
        return text;
    }

    /// <summary>A meta.yaml as a mapping: scalars as strings (null for <c>null</c>), nested mappings as dictionaries of strings.</summary>
    public static Dictionary<string, object?> ReadYaml(string path)
    {
        try
        {
            var raw = Yaml.Deserialize<Dictionary<string, object?>>(ReadText(path)) ?? [];
            return raw.ToDictionary(p => p.Key, p => p.Value switch
            {
                null or string => p.Value,
                IDictionary<object, object?> map => map.ToDictionary(e => e.Key.ToString()!, e => e.Value?.ToString() ?? "", StringComparer.Ordinal),
                _ => (object?)p.Value,
            }, StringComparer.Ordinal);
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new TrackingException($"{path}: not MLflow meta.yaml ({e.Message}) (line {e.Start.Line})");
        }
    }

    public static string? Get(Dictionary<string, object?> yaml, string key) => yaml.TryGetValue(key, out var value) ? value as string : null;

    public static IReadOnlyDictionary<string, string> Map(Dictionary<string, object?> yaml, string key) =>
        yaml.TryGetValue(key, out var value) && value is Dictionary<string, string> map ? map : new Dictionary<string, string>(StringComparer.Ordinal);

    public static long? Long(string? text) => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>Files below a folder as '/'-separated keys (params/a/b → "a/b"), sorted, without our temporary files.</summary>
    public static IEnumerable<(string Key, string Path)> Keys(string folder)
    {
        if (!Directory.Exists(folder)) yield break;
        foreach (var file in Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (Path.GetFileName(file).StartsWith(TempPrefix, StringComparison.Ordinal)) continue;
            yield return (Path.GetRelativePath(folder, file).Replace(Path.DirectorySeparatorChar, '/'), file);
        }
    }

    /// <summary>Retries an action that another process may briefly block (a file held exclusively).</summary>
    public static void Retry(Action action)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                action();
                return;
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(Random.Shared.Next(1, 10));
            }
        }
    }
}
