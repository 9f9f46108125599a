using NbTools.Core;
using NbTools.Core.Merging;
using NbTools.Core.Model;

namespace NbTools.Mergetool.Tests;

/// <summary>nbdime's merge triples in ../shared/nbdime-cases/merge.</summary>
internal static class Cases
{
    public static string Folder => Path.Combine(Corpus.SharedFolder, "nbdime-cases", "merge");

    public static string File(string name, string side) => Path.Combine(Folder, name, side + ".ipynb");

    public static (Notebook Base, Notebook Local, Notebook Remote) Read(string name) =>
        (Notebooks.Read(File(name, "base")), Notebooks.Read(File(name, "local")), Notebooks.Read(File(name, "remote")));

    public static MergeToolRequest Request(string name, string merged) => new(File(name, "base"), File(name, "local"), File(name, "remote"), merged);

    /// <summary>The cases whose inline merge leaves conflicts (each checked to be many: the test would pass vacuously otherwise).</summary>
    public static TheoryData<string> Conflicting()
    {
        var data = new TheoryData<string>();
        foreach (var folder in Directory.GetDirectories(Folder).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(folder);
            var (b, l, r) = Read(name);
            if (!NotebookMerge.Merge(b, l, r).IsClean) data.Add(name);
        }
        return data;
    }
}
