using System.IO.Compression;
using Microsoft.CodeAnalysis;

namespace NbTools.Extraction;

/// <summary>The NbTools.Tracking package and its dependencies that the tool carries for generated projects.</summary>
internal sealed record TrackingBundle(string TrackingVersion, IReadOnlyList<string> Packages)
{
    private const string Prefix = "NbTools.Tracking.";

    public static TrackingBundle Find(string? folder)
    {
        // Beside this assembly: in the tool's folder, or in a kernel extension's package when that carries it.
        var here = Path.GetDirectoryName(typeof(TrackingBundle).Assembly.Location);
        folder ??= Path.Combine(string.IsNullOrEmpty(here) ? AppContext.BaseDirectory : here, "extract-packages");
        var packages = Directory.Exists(folder) ? Directory.GetFiles(folder, "*.nupkg").Order(StringComparer.Ordinal).ToList() : [];
        var tracking = packages.Select(Path.GetFileName).FirstOrDefault(f => f!.StartsWith(Prefix, StringComparison.Ordinal) && char.IsAsciiDigit(f[Prefix.Length]));
        if (tracking is null) throw new ExtractionException($"{folder}: the NbTools.Tracking package that generated projects need is missing; reinstall nbtools (its build packs it there)");
        return new TrackingBundle(tracking[Prefix.Length..^".nupkg".Length], packages);
    }

    /// <summary>NbTools.Tracking's assembly from the bundled package, for the script model of a notebook that uses the kernel's run.</summary>
    public MetadataReference TrackingAssembly()
    {
        var package = Packages.First(p => Path.GetFileName(p) == $"{Prefix}{TrackingVersion}.nupkg");
        using var zip = ZipFile.OpenRead(package);
        var entry = zip.Entries.FirstOrDefault(e => e.FullName.StartsWith("lib/", StringComparison.Ordinal) && e.Name == "NbTools.Tracking.dll")
            ?? throw new ExtractionException($"{package}: no lib/*/NbTools.Tracking.dll inside; reinstall nbtools");
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return MetadataReference.CreateFromImage(copy.ToArray());
    }
}
