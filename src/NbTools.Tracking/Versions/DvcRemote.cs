namespace NbTools.Tracking.Versions;

/// <summary>
/// Where DVC keeps a dataset on its remote – what <c>dvc.api.get_url(path)</c> gives: the remote's URL
/// (the output's own <c>remote:</c>, else <c>core.remote</c> of <c>.dvc/config</c>, with
/// <c>.dvc/config.local</c> over it), then <c>files/md5/xx/yyyy…</c> for a DVC 3 output or <c>xx/yyyy…</c>
/// for a DVC 2 one, from the md5 the <c>.dvc</c> file records. A local remote's relative path is taken
/// relative to the <c>.dvc</c> folder, as DVC does. Like DVC, it does not check that the object is there.
/// </summary>
public static class DvcRemote
{
    /// <summary>The dataset's URL on the DVC remote, or null when it has no <c>.dvc</c> file, no DVC repository holds it, or no remote is configured.</summary>
    /// <param name="dataPath">The data file or folder (its <c>.dvc</c> file sits beside it).</param>
    public static string? UrlOf(string dataPath)
    {
        var full = Path.GetFullPath(dataPath);
        if (DvcDigest.RecordedOut(full) is not { } recorded) return null;
        if (DvcFolder(Path.GetDirectoryName(full)!) is not { } dvc) return null;
        var config = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var file in new[] { "config", "config.local" }) Read(Path.Combine(dvc, file), config);
        var remote = recorded.Remote ?? (config.TryGetValue("core", out var core) ? core.GetValueOrDefault("remote") : null);
        if (remote is null || !config.TryGetValue($"remote \"{remote}\"", out var section) || section.GetValueOrDefault("url") is not { Length: > 0 } url) return null;
        var md5 = recorded.Md5;
        var objectPath = (recorded.Dvc3 ? "files/md5/" : "") + md5[..2] + "/" + md5[2..];
        if (url.Contains("://", StringComparison.Ordinal)) return url.TrimEnd('/') + "/" + objectPath;
        var local = Path.GetFullPath(Path.Combine(dvc, url));
        return Path.Combine(local, objectPath.Replace('/', Path.DirectorySeparatorChar));
    }

    /// <summary>The <c>.dvc</c> folder of the DVC repository holding <paramref name="folder"/>, or null.</summary>
    private static string? DvcFolder(string folder)
    {
        for (var dir = new DirectoryInfo(folder); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, ".dvc");
            if (Directory.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>DVC's config (configobj's INI): <c>[core]</c>, <c>['remote "name"']</c>, <c>key = value</c>, <c>#</c> comments.</summary>
    private static void Read(string file, Dictionary<string, Dictionary<string, string>> config)
    {
        if (!File.Exists(file)) return;
        Dictionary<string, string>? section = null;
        foreach (var raw in File.ReadLines(file))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';') continue;
            if (line[0] == '[' && line[^1] == ']')
            {
                var name = Unquote(line[1..^1].Trim());
                if (!config.TryGetValue(name, out section)) config[name] = section = new(StringComparer.Ordinal);
                continue;
            }
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || section is null) continue;
            section[line[..equals].Trim()] = Unquote(line[(equals + 1)..].Trim());
        }
    }

    private static string Unquote(string text) =>
        text.Length >= 2 && text[0] == text[^1] && text[0] is '\'' or '"' ? text[1..^1] : text;
}
