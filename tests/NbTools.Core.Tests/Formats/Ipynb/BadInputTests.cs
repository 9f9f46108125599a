using System.Text;

namespace NbTools.Core.Tests.Formats.Ipynb;

/// <summary>Every kind of bad input gives one clear error naming the file and the place.</summary>
public sealed class BadInputTests
{
    [Theory]
    [InlineData("", "bad.ipynb: the file is empty")]
    [InlineData("   \n", "bad.ipynb: the file holds only white space")]
    [InlineData("{\"cells\": [", "bad.ipynb: the JSON ends before an object or array is closed (truncated file?) (line 1")]
    [InlineData("{\"cells\": [}", "bad.ipynb: invalid JSON")]
    [InlineData("[1, 2]", "bad.ipynb: expected a notebook (a JSON object) at the top level, found a list (line 1, position 1)")]
    [InlineData("{\"cells\": 5, \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 4}", "bad.ipynb: cells: expected a list of cells, found a number (line 1, position 11)")]
    [InlineData("{\"cells\": [{\"cell_type\": \"code\", \"source\": 5}], \"metadata\": {}, \"nbformat\": 4}", "bad.ipynb: cells[0].source: expected a string or a list of strings, found a number (line 1, position 44)")]
    [InlineData("{\"cells\": [{\"cell_type\": 1, \"source\": \"\"}], \"metadata\": {}, \"nbformat\": 4}", "bad.ipynb: cells[0].cell_type: expected a string, found a number")]
    [InlineData("{\"cells\": [{\"cell_type\": \"code\", \"source\": [\"a\", 2]}], \"metadata\": {}, \"nbformat\": 4}", "bad.ipynb: cells[0].source[1]: expected a string, found a number")]
    [InlineData("{\"cells\": [{\"cell_type\": \"code\", \"source\": \"\", \"outputs\": {}}], \"metadata\": {}, \"nbformat\": 4}", "bad.ipynb: cells[0].outputs: expected a list of outputs, found an object")]
    [InlineData("{\"cells\": [{\"cell_type\": \"code\", \"source\": \"\", \"execution_count\": \"1\"}], \"metadata\": {}, \"nbformat\": 4}", "bad.ipynb: cells[0].execution_count: expected an integer or null, found a string")]
    [InlineData("{\"cells\": [3], \"metadata\": {}, \"nbformat\": 4}", "bad.ipynb: cells[0]: expected a cell (a JSON object), found a number")]
    [InlineData("{\"cells\": [], \"metadata\": [], \"nbformat\": 4}", "bad.ipynb: metadata: expected a JSON object, found a list")]
    [InlineData("{\"cells\": [], \"metadata\": {}, \"nbformat\": 5, \"nbformat_minor\": 0}", "bad.ipynb: nbformat: nbformat 5 is not supported; NbTools reads nbformat 3 and 4 (line 1, position 43)")]
    [InlineData("{\"cells\": [], \"metadata\": {}, \"nbformat\": 2}", "bad.ipynb: nbformat: nbformat 2 is not supported; open and save it with a current Jupyter to upgrade it")]
    [InlineData("{\"cells\": [], \"metadata\": {}, \"nbformat\": \"4\"}", "bad.ipynb: nbformat: expected an integer, found a string")]
    [InlineData("{\"metadata\": {}}", "bad.ipynb: no \"nbformat\" key: this is not a Jupyter notebook")]
    [InlineData("{\"metadata\": {}, \"nbformat\": 4}", "bad.ipynb: no \"cells\" key")]
    [InlineData("{\"cells\": [], \"nbformat\": 4} trailing", "bad.ipynb: invalid JSON")]
    [InlineData("{\"cells\": [{\"source\": \"\"}], \"nbformat\": 4}", "bad.ipynb: cells[0]: the cell has no \"cell_type\" (code, markdown or raw) (line 1, position 12)")]
    // The reader takes the root and the cells in one pass; these pin that it reports what reading them step by step does.
    [InlineData("{\"cells\": {\"a\": [1]}, \"metadata\": {}, \"nbformat\": 4}", "bad.ipynb: cells: expected a list of cells, found an object (line 1, position 11)")]
    [InlineData("{\"cells\": [], \"cells\": {}, \"metadata\": {}, \"nbformat\": 4}", "bad.ipynb: cells: expected a list of cells, found an object")]
    [InlineData("{\"cells\": [3], \"metadata\": {}, \"nbformat\": 5}", "bad.ipynb: nbformat: nbformat 5 is not supported")]
    [InlineData("{\"cells\": [{\"cell_type\": \"code\", \"source\": 5}], \"metadata\": {}, \"nbformat\": 4, \"x\": [}", "bad.ipynb: invalid JSON")]
    public void Bad_notebook_text_gives_a_clear_error(string content, string expectedStart)
    {
        var ex = Assert.Throws<NotebookFormatException>(() => Notebooks.Read(Encoding.UTF8.GetBytes(content), "bad.ipynb"));
        Assert.StartsWith(expectedStart, ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void Of_duplicate_cells_keys_the_last_one_holds_the_cells()
    {
        var content = "{\"cells\": [{\"cell_type\": \"raw\", \"source\": \"first\"}], \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 5, " +
            "\"cells\": [{\"cell_type\": \"markdown\", \"source\": \"last\"}, {\"cell_type\": \"code\", \"source\": \"x\"}]}";
        var notebook = Notebooks.Read(Encoding.UTF8.GetBytes(content), "dup.ipynb");
        Assert.Equal(["last", "x"], notebook.Cells.Select(c => c.Source));
    }

    [Fact]
    public void Binary_garbage_gives_a_json_error_at_line_one()
    {
        var garbage = new byte[] { 0x93, 0x00, 0xFF, 0x10, 0x42 };
        var ex = Assert.Throws<NotebookFormatException>(() => Notebooks.Read(garbage, "bad.ipynb"));
        Assert.Equal("bad.ipynb: invalid JSON: '0x93' is an invalid start of a value (line 1, position 1)", ex.Message);
    }

    [Fact]
    public void Error_positions_count_lines_and_characters()
    {
        var content = "{\n \"cells\": [\n  {\"cell_type\": \"code\",\n   \"source\": {}}\n ],\n \"nbformat\": 4\n}";
        var ex = Assert.Throws<NotebookFormatException>(() => Notebooks.Read(Encoding.UTF8.GetBytes(content), "bad.ipynb"));
        Assert.Equal(4, ex.Line);
        Assert.Equal(14, ex.Position);
        Assert.Equal("cells[0].source", ex.JsonPath);
    }

    [Fact]
    public void A_folder_and_a_missing_file_are_named_in_the_error()
    {
        var folder = Path.GetTempPath();
        Assert.Equal($"{folder}: is a folder, not a notebook file", Assert.Throws<NbToolsException>(() => Notebooks.Read(folder, "ipynb")).Message);
        Assert.Equal("/no/such/dir/x.ipynb: no such file (its folder does not exist)", Assert.Throws<NbToolsException>(() => Notebooks.Read("/no/such/dir/x.ipynb")).Message);
        Assert.StartsWith("notes.txt: unknown notebook format \".txt\"", Assert.Throws<NbToolsException>(() => Notebooks.Read("notes.txt")).Message);
    }
}
