using System.IO.Compression;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;

namespace NbTools.Interactive.Tests;

[CollectionDefinition(Name)]
public sealed class PackedFeedCollection : ICollectionFixture<PackedFeed>
{
    public const string Name = "packed feed";
}

/// <summary>The NbTools.Interactive package, packed by the real dotnet pack, has the layout the kernel loads.</summary>
[Collection(PackedFeedCollection.Name)]
public sealed class PackageLayoutTests(PackedFeed feed)
{
    [Fact]
    public void The_package_has_the_assembly_in_lib_and_the_extension_script_in_interactive_extensions()
    {
        using var package = ZipFile.OpenRead(feed.Package("NbTools.Interactive"));
        var entries = package.Entries.Select(e => e.FullName).ToList();
        Assert.Contains("lib/net10.0/NbTools.Interactive.dll", entries);
        Assert.Contains("interactive-extensions/dotnet/extension.dib", entries);
        Assert.DoesNotContain(entries, e => e.StartsWith("interactive-extensions/", StringComparison.Ordinal) && e.EndsWith(".dll", StringComparison.Ordinal));

        using var reader = new StreamReader(package.GetEntry("interactive-extensions/dotnet/extension.dib")!.Open());
        var script = reader.ReadToEnd();
        Assert.StartsWith("#!csharp\n", script);
        var call = script.Split('\n').Single(l => l.Contains("Load(", StringComparison.Ordinal)).Trim();
        Assert.Equal("NbTools.Interactive.NbToolsKernelExtension.Load(Microsoft.DotNet.Interactive.KernelInvocationContext.Current.HandlingKernel.RootKernel);", call);

        // The method the script calls is in the packed assembly itself, public and static.
        using var dll = new MemoryStream();
        using (var entry = package.GetEntry("lib/net10.0/NbTools.Interactive.dll")!.Open()) entry.CopyTo(dll);
        dll.Position = 0;
        using var pe = new PEReader(dll);
        var metadata = pe.GetMetadataReader();
        var extension = metadata.TypeDefinitions.Select(metadata.GetTypeDefinition)
            .Single(t => metadata.GetString(t.Namespace) == "NbTools.Interactive" && metadata.GetString(t.Name) == "NbToolsKernelExtension");
        Assert.True(extension.Attributes.HasFlag(TypeAttributes.Public));
        var load = extension.GetMethods().Select(metadata.GetMethodDefinition).Single(m => metadata.GetString(m.Name) == "Load");
        Assert.True(load.Attributes.HasFlag(MethodAttributes.Public | MethodAttributes.Static));
    }

    [Fact]
    public void The_library_packages_carry_description_licence_repository_tags_and_a_readme_of_their_own()
    {
        PackageMetadata.AssertComplete(feed.Package("NbTools.Core"), "NbTools.Core", "jupyter", "nbformat");
        PackageMetadata.AssertComplete(feed.Package("NbTools.Tracking"), "NbTools.Tracking", "mlflow", "dvc");
        PackageMetadata.AssertComplete(feed.Package("NbTools.Interactive"), "NbTools.Interactive", "polyglot-notebooks", "dotnet-interactive");
        PackageMetadata.AssertComplete(feed.Package("NbTools.Extraction"), "NbTools.Extraction", "roslyn", "csharp");
    }

    [Fact]
    public void The_package_depends_on_the_nbtools_packages_and_not_on_the_kernel()
    {
        using var package = ZipFile.OpenRead(feed.Package("NbTools.Interactive"));
        var nuspec = package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var stream = nuspec.Open();
        var document = XDocument.Load(stream);
        var dependencies = document.Descendants().Where(e => e.Name.LocalName == "dependency")
            .ToDictionary(e => (string)e.Attribute("id")!, e => (string)e.Attribute("version")!);
        Assert.Equal(feed.Version, dependencies["NbTools.Core"]);
        Assert.Equal(feed.Version, dependencies["NbTools.Tracking"]);
        Assert.Equal(feed.Version, dependencies["NbTools.Extraction"]);
        Assert.DoesNotContain(dependencies.Keys, id => id.StartsWith("Microsoft.DotNet.Interactive", StringComparison.Ordinal));
        Assert.True(File.Exists(feed.Package("NbTools.Core")));
        Assert.True(File.Exists(feed.Package("NbTools.Tracking")));
    }

    [Fact]
    public void The_extraction_package_builds_on_the_kernels_roslyn_and_carries_the_tracking_bundle()
    {
        using var package = ZipFile.OpenRead(feed.Package("NbTools.Extraction"));
        var entries = package.Entries.Select(e => e.FullName).ToList();
        Assert.Contains("lib/net10.0/NbTools.Extraction.dll", entries);
        // #!extract's projects restore NbTools.Tracking from this bundle, found beside the assembly (TrackingBundle).
        Assert.Contains($"lib/net10.0/extract-packages/NbTools.Tracking.{feed.Version}.nupkg", entries);
        Assert.Contains(entries, e => e.StartsWith("lib/net10.0/extract-packages/yamldotnet.", StringComparison.Ordinal));

        // The kernel has Roslyn loaded already: the package must ask for exactly the version the kernel (and
        // Microsoft.DotNet.Interactive.CSharp, which this test project references) carries.
        using var stream = package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
        var roslyn = XDocument.Load(stream).Descendants().Single(e => e.Name.LocalName == "dependency" && (string?)e.Attribute("id") == "Microsoft.CodeAnalysis.CSharp");
        var kernels = typeof(Microsoft.CodeAnalysis.CSharp.CSharpCompilation).Assembly.GetName().Version!;
        Assert.Equal($"{kernels.Major}.{kernels.Minor}.{kernels.Build}", (string)roslyn.Attribute("version")!);
    }
}
