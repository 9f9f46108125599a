using System.Security.Cryptography;
using System.Text;
using YamlDotNet.RepresentationModel;

namespace NbTools.Tracking.Versions;

/// <summary>The data version, as DVC 3 computes it: md5 of a file's bytes; md5 of a folder's manifest plus ".dir".</summary>
public static class DvcDigest
{
    /// <summary>The DVC digest of a file or folder.</summary>
    public static string Of(string path)
    {
        if (File.Exists(path)) return OfFile(path);
        if (Directory.Exists(path)) return OfFolder(path);
        throw new TrackingException($"{path}: no such file or folder");
    }

    /// <summary>md5 of the file's raw bytes, lower-case hex.</summary>
    public static string OfFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(MD5.HashData(stream));
    }

    /// <summary>
    /// DVC's folder digest: the list of {"md5", "relpath"} of every file below, sorted by relpath,
    /// serialized as Python's json.dumps(sort_keys=True) does, md5-hashed, with ".dir" appended.
    /// </summary>
    public static string OfFolder(string path)
    {
        var entries = Directory.GetFiles(path, "*", SearchOption.AllDirectories)
            .Select(f => (RelPath: Path.GetRelativePath(path, f).Replace(Path.DirectorySeparatorChar, '/'), File: f))
            .OrderBy(e => e.RelPath, CodePointComparer.Instance)
            .Select(e => "{\"md5\": \"" + OfFile(e.File) + "\", \"relpath\": " + PythonJsonString(e.RelPath) + "}");
        var manifest = "[" + string.Join(", ", entries) + "]";
        return Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(manifest))) + ".dir";
    }

    /// <summary>What a <c>.dvc</c> file beside the data records: its md5 and path, or null when there is none.</summary>
    public static (string Md5, string Path, string DvcFile)? Recorded(string dataPath) =>
        RecordedOut(dataPath) is { } o ? (o.Md5, o.Path, o.DvcFile) : null;

    /// <summary>The first output of the <c>.dvc</c> file beside the data: md5, path, whether DVC 3 hashed it (<c>hash: md5</c>) and its own remote, if any.</summary>
    internal static (string Md5, string Path, string DvcFile, bool Dvc3, string? Remote)? RecordedOut(string dataPath)
    {
        var dvcFile = dataPath.TrimEnd('/', Path.DirectorySeparatorChar) + ".dvc";
        if (!File.Exists(dvcFile)) return null;
        try
        {
            var yaml = new YamlStream();
            using (var reader = new StreamReader(dvcFile)) yaml.Load(reader);
            var root = (YamlMappingNode)yaml.Documents[0].RootNode;
            var first = (YamlMappingNode)((YamlSequenceNode)root["outs"]).Children[0];
            string? Optional(string key) => first.Children.TryGetValue(new YamlScalarNode(key), out var node) ? ((YamlScalarNode)node).Value : null;
            return (((YamlScalarNode)first["md5"]).Value!, ((YamlScalarNode)first["path"]).Value!, dvcFile, Optional("hash") == "md5", Optional("remote"));
        }
        catch (Exception e) when (e is YamlDotNet.Core.YamlException or KeyNotFoundException or InvalidCastException or ArgumentOutOfRangeException)
        {
            throw new TrackingException($"{dvcFile}: not a DVC file with outs[0].md5 and path ({e.Message})");
        }
    }

    /// <summary>As Python's json.dumps writes a string (ensure_ascii: everything outside space..~ escaped).</summary>
    private static string PythonJsonString(string s) => QuotedText.Quote(s, c => c switch
    {
        '\b' => "\\b",
        '\f' => "\\f",
        _ when c < 0x20 || c > 0x7e => $"\\u{(int)c:x4}",
        _ => null,
    });

    /// <summary>Python's str order: by code point (UTF-16 ordinal order differs for characters above U+FFFF).</summary>
    private sealed class CodePointComparer : IComparer<string>
    {
        public static readonly CodePointComparer Instance = new();

        public int Compare(string? x, string? y)
        {
            var a = (x ?? "").EnumerateRunes().GetEnumerator();
            var b = (y ?? "").EnumerateRunes().GetEnumerator();
            while (true)
            {
                var hasA = a.MoveNext();
                var hasB = b.MoveNext();
                if (!hasA || !hasB) return hasA.CompareTo(hasB);
                var c = a.Current.Value.CompareTo(b.Current.Value);
                if (c != 0) return c;
            }
        }
    }
}
