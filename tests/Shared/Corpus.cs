// Shared by every test project (linked into each), not a project of its own.
namespace NbTools.Tests.Support;

/// <summary>
/// The shared corpus of real notebooks (../shared/corpus beside the repository, or the folder in
/// NBTOOLS_SHARED). Tests read the files where they are; a missing corpus fails loudly.
/// </summary>
public static class Corpus
{
    public static string SharedFolder
    {
        get
        {
            var fromEnv = Environment.GetEnvironmentVariable("NBTOOLS_SHARED");
            if (!string.IsNullOrEmpty(fromEnv)) return RequireFolder(fromEnv);
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "NbTools.sln"))) dir = dir.Parent;
            if (dir is null) throw new InvalidOperationException("cannot find NbTools.sln above the test assembly; set NBTOOLS_SHARED to the shared data folder");
            return RequireFolder(Path.Combine(dir.Parent!.FullName, "shared"));
        }
    }

    public static string Folder => RequireFolder(Path.Combine(SharedFolder, "corpus"));

    public static string PathOf(string name) => Path.Combine(Folder, name);

    public static byte[] Bytes(string name) => File.ReadAllBytes(PathOf(name));

    /// <summary>Every .ipynb in the corpus, as theory data (file names).</summary>
    public static TheoryData<string> Notebooks()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(Folder, "*.ipynb").Order(StringComparer.Ordinal)) data.Add(Path.GetFileName(f));
        return data;
    }

    /// <summary>The corpus notebooks that are nbformat 4 (the ones that must round-trip byte for byte).</summary>
    public static TheoryData<string> NbformatFourNotebooks()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(Folder, "*.ipynb").Order(StringComparer.Ordinal))
        {
            if (NbformatOf(f) == 4) data.Add(Path.GetFileName(f));
        }
        return data;
    }

    public static TheoryData<string> NbformatThreeNotebooks()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(Folder, "*.ipynb").Order(StringComparer.Ordinal))
        {
            if (NbformatOf(f) == 3) data.Add(Path.GetFileName(f));
        }
        return data;
    }

    private static int NbformatOf(string path)
    {
        // Independent of NbTools' reader: .NET's own JSON parser on the decoded text.
        var text = File.ReadAllText(path); // detects BOMs (UTF-8, UTF-16)
        using var doc = System.Text.Json.JsonDocument.Parse(text);
        return doc.RootElement.GetProperty("nbformat").GetInt32();
    }

    private static string RequireFolder(string path)
    {
        if (!Directory.Exists(path))
        {
            throw new InvalidOperationException($"the shared test data is missing: {path} does not exist (clone it beside the repository or set NBTOOLS_SHARED)");
        }
        return path;
    }
}
