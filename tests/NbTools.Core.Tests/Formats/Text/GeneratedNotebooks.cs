using System.Text;
using NbTools.Core.Model;
using Newtonsoft.Json.Linq;

namespace NbTools.Core.Tests.Formats.Text;

/// <summary>Small Python notebooks built in a test, written in a text format and checked to read back.</summary>
internal static class GeneratedNotebooks
{
    public static Cell Markdown(string source) => new(CellType.Markdown, source);

    public static Cell Code(string source) => new(CellType.Code, source);

    /// <summary>Writes the cells in <paramref name="format"/>, asserts they read back (types, sources, metadata), returns the text.</summary>
    public static string WriteAndReadBack(string format, params Cell[] cells)
    {
        var notebook = new Notebook { Metadata = JObject.Parse("""{"kernelspec": {"name": "python3", "language": "python", "display_name": "Python 3"}}""") };
        notebook.Cells.AddRange(cells);
        var bytes = Notebooks.ToBytes(notebook, format);
        var back = Notebooks.Read(bytes, "x.md");
        Assert.Equal(cells.Select(c => c.CellType + ":" + c.Source), back.Cells.Select(c => c.CellType + ":" + c.Source));
        for (var i = 0; i < cells.Length; i++) Assert.True(JToken.DeepEquals(cells[i].Metadata, back.Cells[i].Metadata), $"cell {i} metadata");
        return Encoding.UTF8.GetString(bytes);
    }
}
