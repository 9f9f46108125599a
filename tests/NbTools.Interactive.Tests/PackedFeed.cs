using System.Diagnostics;
using System.Text;

namespace NbTools.Interactive.Tests;

/// <summary>
/// A local NuGet feed holding NbTools.Interactive and the NbTools packages it depends on, packed by
/// the real <c>dotnet pack</c> from a copy of the repository's sources (so the working tree's bin/ and obj/ are
/// not touched) under a version used by no other run – a kernel can never pick up a stale package
/// from the NuGet cache. The cache's folders of that version are removed again on dispose.
/// </summary>
public sealed class PackedFeed : IDisposable
{
    private static readonly string[] Projects = ["NbTools.Core", "NbTools.Tracking", "NbTools.Extraction", "NbTools.Interactive"];
    private readonly TempFolder work = new();

    public PackedFeed()
    {
        Version = $"0.1.0-test.t{Guid.NewGuid():N}"[..32];
        Folder = Path.Combine(work.Path, "feed");
        var copy = Path.Combine(work.Path, "repository");
        var root = RepositoryRoot.Path;
        // What a build of src/ reads: the sources, the top-level files (props, global.json, the README
        // and LICENSE packed into every package) and docs/ (the package icon).
        foreach (var folder in new[] { "src", "docs" }) CopySources(Path.Combine(root, folder), Path.Combine(copy, folder));
        foreach (var file in Directory.GetFiles(root)) File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        foreach (var project in Projects)
        {
            Dotnet(copy, "pack", Path.Combine(copy, "src", project), "-c", "Release", "-o", Folder, $"-p:Version={Version}", "--nologo");
        }
    }

    /// <summary>The feed folder.</summary>
    public string Folder { get; }

    /// <summary>The version every package in the feed has.</summary>
    public string Version { get; }

    /// <summary>The path of one package in the feed.</summary>
    public string Package(string id) => Path.Combine(Folder, $"{id}.{Version}.nupkg");

    /// <summary>Where NuGet's cache holds a package of the feed once a kernel restored it.</summary>
    public string Cached(string id)
    {
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        return Path.Combine(cache, id.ToLowerInvariant(), Version.ToLowerInvariant());
    }

    private static void CopySources(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            var parts = relative.Split(Path.DirectorySeparatorChar);
            if (parts.Any(p => p is "bin" or "obj")) continue;
            var target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static void Dotnet(string folder, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"dotnet {string.Join(' ', args)} exited with {process.ExitCode}:\n{output}");
    }

    public void Dispose()
    {
        foreach (var project in Projects)
        {
            var versionFolder = Cached(project);
            var idFolder = Path.GetDirectoryName(versionFolder)!;
            try
            {
                if (Directory.Exists(versionFolder)) Directory.Delete(versionFolder, recursive: true);
                if (Directory.Exists(idFolder) && !Directory.EnumerateFileSystemEntries(idFolder).Any()) Directory.Delete(idFolder);
            }
            catch (IOException)
            {
            }
        }
        work.Dispose();
    }
}
