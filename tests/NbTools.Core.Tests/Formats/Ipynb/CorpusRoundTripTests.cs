using System.Text;
using NbTools.Core.Formats.Ipynb;
using NbTools.Core.Model;

using NbTools.Core.Validation;

namespace NbTools.Core.Tests.Formats.Ipynb;

/// <summary>Invariants of the lossless layer over every real notebook in the corpus.</summary>
public sealed class CorpusRoundTripTests
{
    public static TheoryData<string> FourNotebooks => Corpus.NbformatFourNotebooks();

    public static TheoryData<string> AllNotebooks => Corpus.Notebooks();

    [Theory]
    [MemberData(nameof(FourNotebooks))]
    public void Untouched_notebook_is_written_back_byte_identical(string name)
    {
        var bytes = Corpus.Bytes(name);
        var notebook = Notebooks.Read(bytes, name);
        Assert.Equal(bytes, Notebooks.ToBytes(notebook));
    }

    [Theory]
    [MemberData(nameof(FourNotebooks))]
    public void Notebook_whose_every_value_was_parsed_is_still_byte_identical(string name)
    {
        var bytes = Corpus.Bytes(name);
        var notebook = Notebooks.Read(bytes, name);
        // Touch everything: metadata, every cell's metadata, attachments and outputs get parsed,
        // so the writer has to splice instead of copying the file whole.
        _ = notebook.Metadata.Count;
        foreach (var cell in notebook.Cells)
        {
            _ = cell.Metadata.Count;
            _ = cell.Attachments?.Count;
            foreach (var output in cell.Outputs) _ = output.Content.Count;
            foreach (var extra in cell.Extra.Names) _ = cell.Extra[extra];
        }
        AssertBytesEqual(bytes, Notebooks.ToBytes(notebook));
    }

    [Theory]
    [MemberData(nameof(FourNotebooks))]
    public void Editing_one_cell_changes_only_that_cells_bytes(string name)
    {
        var bytes = Corpus.Bytes(name);
        var notebook = Notebooks.Read(bytes, name);
        if (notebook.Cells.Count == 0) return;
        var index = notebook.Cells.Count / 2;
        var cell = notebook.Cells[index];
        var span = (cell.Origin!.Object.Start, cell.Origin.Object.End);
        var newSource = cell.Source + "\n# edited by NbTools' test: ünï€ode \"quotes\" \\ and \t tab";
        cell.Source = newSource;

        var written = Notebooks.ToBytes(notebook);
        var before = Utf8Of(bytes);
        var after = Utf8Of(written);
        Assert.True(after.AsSpan().StartsWith(before.AsSpan(0, span.Start)), "bytes before the edited cell changed");
        Assert.True(after.AsSpan().EndsWith(before.AsSpan(span.End)), "bytes after the edited cell changed");

        var reread = Notebooks.Read(written, name);
        Assert.Equal(newSource, reread.Cells[index].Source);
        ModelSnapshot.AssertEqual(notebook, reread);
    }

    [Theory]
    [MemberData(nameof(AllNotebooks))]
    public void Written_notebook_reads_back_to_an_equal_model(string name)
    {
        var notebook = Notebooks.Read(Corpus.PathOf(name));
        var reread = Notebooks.Read(Notebooks.ToBytes(notebook), name);
        ModelSnapshot.AssertEqual(notebook, reread);
    }

    [Theory]
    [MemberData(nameof(AllNotebooks))]
    public void Notebooks_that_NbTools_changes_or_creates_validate_when_the_input_did(string name)
    {
        var path = Corpus.PathOf(name);
        var notebook = Notebooks.Read(path);
        var inputValid = notebook.UpgradedFrom is not null || NotebookValidator.Validate(path).IsValid;
        if (!inputValid) return; // invalid-but-real inputs are kept byte for byte, invalid as they came
        notebook.Cells.Insert(0, new Cell(CellType.Markdown, "# Added by a test\nSecond line"));
        notebook.Cells.Add(new Cell(CellType.Code, "x = 1\n") { ExecutionCount = 7 });
        notebook.Cells[^1].Outputs.Add(Output.Stream("stdout", "1\n2\n"));
        if (notebook.NbFormatMinor >= 5) CellIds.Assign(notebook);
        var written = Notebooks.ToBytes(notebook);
        var result = NotebookValidator.Validate(written, name);
        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        ModelSnapshot.AssertEqual(notebook, Notebooks.Read(written, name));
    }

    [Theory]
    [MemberData(nameof(FourNotebooks))]
    public void Deleting_moving_and_inserting_cells_keeps_the_other_cells_verbatim(string name)
    {
        var bytes = Corpus.Bytes(name);
        var notebook = Notebooks.Read(bytes, name);
        if (notebook.Cells.Count < 3) return;
        var original = Utf8Of(bytes);
        var kept = notebook.Cells.Skip(1).ToList();
        var cellBytes = kept.Select(c => original.AsSpan(c.Origin!.Object.Start, c.Origin.Object.End - c.Origin.Object.Start).ToArray()).ToList();

        notebook.Cells.RemoveAt(0);                     // delete
        var last = notebook.Cells[^1];
        notebook.Cells.RemoveAt(notebook.Cells.Count - 1);
        notebook.Cells.Insert(0, last);                 // move
        notebook.Cells.Insert(1, new Cell(CellType.Raw, "raw text")); // insert

        var written = Utf8Of(Notebooks.ToBytes(notebook));
        foreach (var chunk in cellBytes)
        {
            Assert.True(written.AsSpan().IndexOf(chunk) >= 0, "a kept cell's bytes were changed");
        }
        ModelSnapshot.AssertEqual(notebook, Notebooks.Read(Notebooks.ToBytes(notebook), name));
    }

    /// <summary>The file's text as UTF-8 without BOM (how the reader sees it, whatever the encoding).</summary>
    internal static byte[] Utf8Of(byte[] fileBytes)
    {
        using var reader = new StreamReader(new MemoryStream(fileBytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return new UTF8Encoding(false).GetBytes(reader.ReadToEnd());
    }

    private static void AssertBytesEqual(byte[] expected, byte[] actual)
    {
        if (expected.AsSpan().SequenceEqual(actual)) return;
        var at = expected.AsSpan().CommonPrefixLength(actual);
        var context = Encoding.UTF8.GetString(expected, Math.Max(0, at - 60), Math.Min(120, expected.Length - Math.Max(0, at - 60)));
        var got = Encoding.UTF8.GetString(actual, Math.Max(0, at - 60), Math.Min(120, actual.Length - Math.Max(0, at - 60)));
        Assert.Fail($"bytes differ at offset {at}:\nexpected …{context}…\nactual   …{got}…");
    }
}
