// Shared by the test projects that pack NbTools (linked into each), not a project of its own.
using System.IO.Compression;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace NbTools.Tests.Support;

/// <summary>What nuget.org shows of a package: checked on a .nupkg the real <c>dotnet pack</c> wrote.</summary>
public static class PackageMetadata
{
    /// <summary>
    /// The package has its id, a description, the MIT licence, the repository, tags and a readme of its
    /// own (titled with its id) whose links are all absolute – nuget.org cannot follow relative ones.
    /// </summary>
    public static void AssertComplete(string nupkg, string id, params string[] someTags)
    {
        using var zip = ZipFile.OpenRead(nupkg);
        using var nuspecStream = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
        var nuspec = XDocument.Load(nuspecStream);
        string? Meta(string name) => nuspec.Descendants().FirstOrDefault(e => e.Name.LocalName == name)?.Value;
        Assert.Equal(id, Meta("id"));
        Assert.False(string.IsNullOrWhiteSpace(Meta("description")), $"{id}: no description");
        Assert.Equal("MIT", Meta("license"));
        var repository = nuspec.Descendants().Single(e => e.Name.LocalName == "repository");
        Assert.StartsWith("https://", (string?)repository.Attribute("url"));
        var tags = (Meta("tags") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        foreach (var tag in someTags) Assert.Contains(tag, tags);
        Assert.Equal("README.md", Meta("readme"));
        using var reader = new StreamReader(zip.GetEntry("README.md")!.Open());
        var readme = reader.ReadToEnd();
        Assert.StartsWith($"# {id}\n", readme);
        var links = Regex.Matches(readme, @"\]\(([^)]*)\)").Select(m => m.Groups[1].Value).ToList();
        Assert.All(links, link => Assert.Matches("^https://", link));
    }
}
