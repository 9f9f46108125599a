namespace NbTools.Extraction.Tests.Support;

/// <summary>The notebooks written for these tests (tests/NbTools.Extraction.Tests/Fixtures, copied beside the test assembly).</summary>
public static class Fixtures
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    /// <summary>Copies a fixture into <paramref name="folder"/> and returns the copy's path.</summary>
    public static string CopyTo(string name, string folder)
    {
        var target = Path.Combine(folder, name);
        File.Copy(PathOf(name), target);
        return target;
    }

    /// <summary>Replaces text in one cell's source of a notebook file (through NbTools' lossless model).</summary>
    public static void EditCell(string notebookPath, int cellNumber, string from, string to)
    {
        var notebook = NbTools.Core.Notebooks.Read(notebookPath);
        var cell = notebook.Cells[cellNumber - 1];
        Assert.Contains(from, cell.Source);
        cell.Source = cell.Source.Replace(from, to, StringComparison.Ordinal);
        NbTools.Core.Notebooks.Write(notebook, notebookPath);
    }
}
