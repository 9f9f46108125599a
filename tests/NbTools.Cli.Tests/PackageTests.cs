using System.Diagnostics;
using System.IO.Compression;
using System.Xml.Linq;

namespace NbTools.Cli.Tests;

/// <summary>The tool package a user installs: packed from the repository, installed with dotnet tool, answering --version.</summary>
public sealed class PackageTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Dotnet_pack_gives_the_nbtools_tool_package_that_installs_and_answers_its_version()
    {
        var root = RepositoryRoot.Path;
        var feed = folder.File("nupkg");
        Run(root, "dotnet", "pack", "src/NbTools.Cli", "-c", "Release", "-o", feed, "--nologo", "-p:ContinuousIntegrationBuild=true");
        var package = Directory.GetFiles(feed, "nbtools.*.nupkg").Single();
        var version = Path.GetFileNameWithoutExtension(package)["nbtools.".Length..];

        PackageMetadata.AssertComplete(package, "nbtools", "jupyter", "dotnet-tool");
        using (var zip = ZipFile.OpenRead(package))
        {
            Assert.NotNull(zip.GetEntry("README.md"));
            Assert.NotNull(zip.GetEntry("icon.png"));
            using var nuspecStream = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
            var nuspec = XDocument.Load(nuspecStream);
            string? Meta(string name) => nuspec.Descendants().FirstOrDefault(e => e.Name.LocalName == name)?.Value;
            Assert.Equal("nbtools", Meta("id"));
            Assert.Equal("MIT", Meta("license"));
            Assert.Equal("README.md", Meta("readme"));
            Assert.Equal("icon.png", Meta("icon"));
            Assert.Contains("jupyter", Meta("tags"));
            Assert.NotNull(nuspec.Descendants().FirstOrDefault(e => e.Name.LocalName == "repository"));
            Assert.Contains(zip.Entries, e => e.FullName.StartsWith("tools/", StringComparison.Ordinal) && e.Name == "nbtools.dll");
            Assert.Contains(zip.Entries, e => e.FullName.StartsWith("tools/", StringComparison.Ordinal) && e.Name == "NbTools.Mergetool.dll"); // mergetool/difftool, with their page embedded
            Assert.Contains(zip.Entries, e => e.FullName.Contains("/extract-packages/NbTools.Tracking.", StringComparison.Ordinal)); // what extracted projects restore from
        }

        var tools = folder.File("tools");
        Run(root, "dotnet", "tool", "install", "--tool-path", tools, "nbtools", "--version", version, "--add-source", feed);
        var answer = Run(root, Path.Combine(tools, "nbtools"), "--version");
        Assert.StartsWith(version, answer.Trim());

        // The installed tool extracts a notebook into a project that carries NbTools.Tracking for an offline restore.
        var library = folder.File("library");
        Run(root, Path.Combine(tools, "nbtools"), "extract", Corpus.PathOf("csharp-notebooks__14-Methods and Members.ipynb"), "--out", library, "--name", "Members");
        Assert.Single(Directory.GetFiles(Path.Combine(library, "packages"), "NbTools.Tracking.*.nupkg"));
    }


    private static string Run(string workingFolder, string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = workingFolder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', args)} failed ({process.ExitCode}):\n{output.Result}\n{error.Result}");
        return output.Result;
    }
}
