using NbTools.Core.Diffing.Notebook;
using NbTools.Core.Formats.Ipynb;
using NbTools.Core.Model;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace NbTools.Core.Tests.Json;

/// <summary>
/// Diff and merge copy outputs and metadata from freshly parsed bytes (<c>LazyToken.Copy</c>) instead
/// of cloning a tree they first parse and keep in the notebook. Over the corpus: the copies are the
/// values the old way gave, and comparing or copying leaves the notebooks untouched.
/// </summary>
public sealed class LazyCopyTests
{
    public static TheoryData<string> FourNotebooks => Corpus.NbformatFourNotebooks();

    [Theory]
    [MemberData(nameof(FourNotebooks))]
    public void Copies_equal_the_parsed_values_and_leave_the_notebook_untouched(string name)
    {
        var bytes = Corpus.Bytes(name);
        var notebook = Notebooks.Read(bytes, name);
        var parsed = Notebooks.Read(bytes, name); // the old way: parse into the notebook, then clone
        for (var i = 0; i < notebook.Cells.Count; i++)
        {
            Same(parsed.Cells[i].Metadata.DeepClone(), notebook.Cells[i].CopyMetadata(), $"{name} cells[{i}].metadata");
            for (var k = 0; k < notebook.Cells[i].Outputs.Count; k++)
            {
                Same(parsed.Cells[i].Outputs[k].Content.DeepClone(), notebook.Cells[i].Outputs[k].CopyContent(), $"{name} cells[{i}].outputs[{k}]");
                Assert.False(notebook.Cells[i].Outputs[k].Token.IsMaterialized);
            }
            Assert.True(IpynbWriter.SameUntouchedBytes(notebook.Cells[i], notebook.Cells[i]), $"{name} cells[{i}] should still be its original bytes");
        }
        Assert.Equal(bytes, Notebooks.ToBytes(notebook));
    }

    [Theory]
    [MemberData(nameof(FourNotebooks))]
    public void Diffing_every_cell_changed_leaves_both_notebooks_byte_identical(string name)
    {
        var bytes = Corpus.Bytes(name);
        var a = Notebooks.Read(bytes, name);
        var b = Notebooks.Read(bytes, name);
        foreach (var cell in b.Cells) cell.Source += "\n# changed";
        var diff = NotebookDiff.Compute(a, b, DiffOptions.Everything);
        Assert.Equal(b.Cells.Count > 0, !diff.IsEmpty);
        Assert.Equal(bytes, Notebooks.ToBytes(a));
        Assert.All(a.Cells.SelectMany(c => c.Outputs), o => Assert.False(o.Token.IsMaterialized));
        // The ops carry the same outputs as the old way's clones.
        var old = Notebooks.Read(bytes, name);
        foreach (var (cell, index) in b.Cells.Select((c, i) => (c, i)))
        {
            var json = NotebookJson.Cell(cell, DiffOptions.Everything);
            if (cell.IsCode) Same(new JArray(old.Cells[index].Outputs.Select(o => o.Content.DeepClone())), json["outputs"]!, $"{name} cells[{index}].outputs");
        }
    }

    [Theory]
    [MemberData(nameof(FourNotebooks))]
    public void A_merge_taking_every_remote_cell_copies_them_as_they_were(string name)
    {
        var bytes = Corpus.Bytes(name);
        var remote = Notebooks.Read(bytes, name);
        foreach (var cell in remote.Cells) cell.Source += "\n# remote";
        var remoteBytes = Notebooks.ToBytes(remote);
        var result = NotebookMerge.Merge(Notebooks.Read(bytes, name), Notebooks.Read(bytes, name), Notebooks.Read(remoteBytes, name));
        Assert.True(result.IsClean);
        var expected = Notebooks.Read(remoteBytes, name);
        Assert.Equal(expected.Cells.Count, result.Notebook.Cells.Count);
        for (var i = 0; i < expected.Cells.Count; i++)
        {
            Assert.Equal(expected.Cells[i].Source, result.Notebook.Cells[i].Source);
            Same(expected.Cells[i].Metadata, result.Notebook.Cells[i].Metadata, $"{name} cells[{i}].metadata");
            Same(new JArray(expected.Cells[i].Outputs.Select(o => o.Content)), new JArray(result.Notebook.Cells[i].Outputs.Select(o => o.Content)), $"{name} cells[{i}].outputs");
        }
    }

    [Fact]
    public void Outputs_and_metadata_changed_in_memory_on_both_sides_are_compared_by_value()
    {
        // A changed value has no untouched bytes; two changed values once compared as two empty byte runs, so always equal.
        const string name = "papermill__pm_example.ipynb";
        var a = Notebooks.Read(Corpus.Bytes(name), name);
        var b = Notebooks.Read(Corpus.Bytes(name), name);
        var index = a.Cells.FindIndex(c => c.Outputs.Count > 0);
        Assert.True(index >= 0, $"{name} should have a cell with outputs");
        a.Cells[index].Outputs[0].Content["nbtools_test"] = "one side";
        b.Cells[index].Outputs[0].Content["nbtools_test"] = "other side";
        var metadataCell = index == 0 ? 1 : 0;
        a.Cells[metadataCell].Metadata["nbtools_test"] = 1;
        b.Cells[metadataCell].Metadata["nbtools_test"] = 2;
        Assert.False(NbTools.Core.Json.LazyToken.SameBytes(a.Cells[index].Outputs[0].Token, a.Cells[index].Outputs[0].Token), "a changed value has no original bytes to compare");
        var diff = NotebookDiff.Compute(a, b, DiffOptions.Everything);
        Assert.Equal([metadataCell, index], diff.Cells.Where(c => c.Kind == CellChangeKind.Modified).Select(c => c.OldIndex!.Value).Order());
    }

    /// <summary>Equal values, and equal down to their JSON spelling (number kinds included).</summary>
    private static void Same(JToken expected, JToken actual, string where)
    {
        Assert.True(JToken.DeepEquals(expected, actual), where);
        Assert.Equal(expected.ToString(Formatting.None), actual.ToString(Formatting.None));
    }
}
