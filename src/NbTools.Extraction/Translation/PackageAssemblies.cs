namespace NbTools.Extraction.Translation;

/// <summary>The assemblies of packages in the machine's NuGet cache, so the script model knows their types (best effort).</summary>
internal static class PackageAssemblies
{
    private static readonly string[] Frameworks = ["net10.0", "net9.0", "net8.0", "net7.0", "net6.0", "net5.0", "netcoreapp3.1", "netstandard2.1", "netstandard2.0", "netstandard1.3", "netstandard1.0"];

    public static IEnumerable<string> Find(IEnumerable<KeyValuePair<string, string?>> packages)
    {
        var root = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        if (string.IsNullOrEmpty(root)) root = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var (name, version) in packages)
        {
            if (version is null) continue;
            var lib = Path.Combine(root, name.ToLowerInvariant(), version.ToLowerInvariant(), "lib");
            if (!Directory.Exists(lib)) continue;
            var framework = Frameworks.Select(f => Path.Combine(lib, f)).FirstOrDefault(Directory.Exists);
            if (framework is null) continue;
            foreach (var dll in Directory.GetFiles(framework, "*.dll").Order(StringComparer.Ordinal)) yield return dll;
        }
    }
}
