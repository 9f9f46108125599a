using System.Text;
using NbTools.Core.Formats.Ipynb;
using NbTools.Core.Json;
using NbTools.Core.Model;
using NbTools.Core.Tests.Support;

namespace NbTools.Core.Tests.Formats.Ipynb;

/// <summary>
/// A large .ipynb read through a window and left in its file (what diff and merge do) gives the
/// same notebook, the same written bytes, the same diff and merge, and the same errors as reading
/// the whole file. Tiny windows make every corpus notebook "large" and put window ends everywhere.
/// </summary>
public sealed class WindowedReadTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("nbtools-windowed-").FullName;

    public static TheoryData<string> AllNotebooks => Corpus.Notebooks();

    public static TheoryData<string> FourNotebooks => Corpus.NbformatFourNotebooks();

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Theory]
    [MemberData(nameof(AllNotebooks))]
    public void A_notebook_read_through_a_small_window_is_the_notebook_read_whole(string name)
    {
        var path = Corpus.PathOf(name);
        var whole = Notebooks.Read(path);
        foreach (var window in new[] { 61, 257, 4096 })
        {
            var windowed = IpynbReader.ReadWindowed(path, window);
            if (windowed is null)
            {
                // Only what the whole-file reader must handle: files the window covers, other
                // encodings, nbformat 3, or escapes the quick check cannot clear.
                var bytes = File.ReadAllBytes(path);
                Assert.True(bytes.Length <= window || bytes[0] is not ((byte)'{' or (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t')
                    || !IsNbformatFour(name) || MayHoldSurrogateEscape(bytes),
                    $"{name}: the windowed reader gave up on a plain nbformat 4 file (window {window})");
                continue;
            }
            Assert.False(windowed.Origin!.Source.InMemory);
            ModelSnapshot.AssertEqual(whole, windowed);
            Assert.Equal(File.ReadAllBytes(path), Notebooks.ToBytes(windowed));
        }
    }

    [Theory]
    [MemberData(nameof(FourNotebooks))]
    public void Edits_of_a_notebook_left_in_its_file_are_written_as_edits_of_the_whole_one(string name)
    {
        var path = Corpus.PathOf(name);
        var windowed = IpynbReader.ReadWindowed(path, 97);
        if (windowed is null) return; // covered above: only files the whole reader must read
        var whole = Notebooks.Read(path);
        foreach (var notebook in new[] { whole, windowed })
        {
            // A changed cell, a parsed output, a removed cell and changed notebook metadata: the
            // writer splices, copying every untouched range from the file.
            if (notebook.Cells.Count > 0) notebook.Cells[notebook.Cells.Count / 2].Source += "\n# edited ünïcode";
            foreach (var cell in notebook.Cells.Where(c => c.Outputs.Count > 0).Take(1)) cell.Outputs[0].Content["nbtools_test"] = "é";
            if (notebook.Cells.Count > 2) notebook.Cells.RemoveAt(1);
            notebook.Metadata["nbtools_test"] = "\u00e9\\/";
        }
        Assert.Equal(Notebooks.ToBytes(whole), Notebooks.ToBytes(windowed));
        var origin = windowed.Origin!;
        Assert.Equal(whole.Origin!.Style, origin.Style);
        foreach (var pieceSize in new[] { 1, 7, 64 })
        {
            Assert.Equal(whole.Origin.Style, JsonStyle.Detect(origin.Source, origin.Root, pieceSize));
        }
    }

    [Theory]
    [InlineData("pytorch-book__Chapter2.ipynb")]
    [InlineData("csharp-notebooks__01-Alien-Translator.ipynb")]
    [InlineData("handson-ml2__09_unsupervised_learning.ipynb")]
    [InlineData("dotnet-interactive__Formatting-outputs.ipynb")]
    public void Diff_and_merge_of_notebooks_left_in_their_files_are_those_of_whole_ones(string name)
    {
        var bytes = Corpus.Bytes(name);
        var (basePath, localPath, remotePath) = (Write("base.ipynb", bytes), Write("local.ipynb", Edited(bytes, 0)), Write("remote.ipynb", Edited(bytes, 1)));
        Notebook[] Whole() => [Notebooks.Read(basePath), Notebooks.Read(localPath), Notebooks.Read(remotePath)];
        Notebook[] Windowed() => [.. new[] { basePath, localPath, remotePath }.Select(p => IpynbReader.ReadWindowed(p, 101)!)];

        var (w, s) = (Whole(), Windowed());
        Assert.All(s, n => Assert.False(n.Origin!.Source.InMemory));
        var wholeDiff = NotebookDiff.Compute(w[0], w[1]);
        var windowedDiff = NotebookDiff.Compute(s[0], s[1]);
        Assert.False(wholeDiff.IsEmpty);
        Assert.Equal(wholeDiff.ToJson().ToString(), windowedDiff.ToJson().ToString());

        var (wm, sm) = (NotebookMerge.Merge(w[0], w[1], w[2]), NotebookMerge.Merge(s[0], s[1], s[2]));
        Assert.Equal(wm.Conflicts.Count, sm.Conflicts.Count);
        Assert.Equal(Notebooks.ToBytes(wm.Notebook), Notebooks.ToBytes(sm.Notebook));
    }

    [Fact]
    public void The_notebooks_of_a_diff_or_merge_are_left_in_their_files_when_large()
    {
        var large = Write("large.ipynb", LargeNotebooks.Grown(Corpus.Bytes("pytorch-book__Chapter2.ipynb"), IpynbReader.WindowSize + 1));
        var small = Write("small.ipynb", Corpus.Bytes("pytorch-book__Chapter2.ipynb"));
        var read = Notebooks.ReadAll(large, small);
        Assert.False(read[0].Origin!.Source.InMemory);
        Assert.True(read[1].Origin!.Source.InMemory);
        ModelSnapshot.AssertEqual(Notebooks.Read(large), read[0]);
    }

    [Fact]
    public void A_diff_of_notebooks_with_ids_decodes_only_the_sources_it_compares()
    {
        // The memory a large diff saves: a cell matched by id and equal by bytes never becomes text.
        const string name = "kaggle-notebooks__understand-poverty-to-optimize-microloans.ipynb";
        var bytes = Corpus.Bytes(name);
        var (a, b) = (Write("a.ipynb", bytes), Write("b.ipynb", Edited(bytes, 0)));
        var (old, @new) = (IpynbReader.ReadWindowed(a, 4096)!, IpynbReader.ReadWindowed(b, 4096)!);
        var diff = NotebookDiff.Compute(old, @new);
        var changed = diff.Cells.Count(c => c.Kind != NbTools.Core.Diffing.Notebook.CellChangeKind.Unchanged);
        Assert.InRange(changed, 1, old.Cells.Count / 2);
        var decoded = old.Cells.Count(c => c.Origin!.DecodedText is not null);
        Assert.InRange(decoded, 1, changed);
        ModelSnapshot.AssertEqual(Notebooks.Read(a), old);
    }

    public static TheoryData<string, int> BrokenFiles => new()
    {
        { "truncated", 0 },
        { "bad UTF-8 deep inside", 1 },
        { "a lone surrogate escape", 2 },
        { "a cell of the wrong type", 3 },
        { "text after the notebook", 4 },
        { "nbformat 5", 5 },
    };

    [Theory]
    [MemberData(nameof(BrokenFiles))]
    public void A_bad_large_file_gets_the_whole_file_readers_error_and_a_good_one_after_it_is_not_touched(string what, int kind)
    {
        var bytes = LargeNotebooks.Grown(Corpus.Bytes("pytorch-book__Chapter2.ipynb"), 3 * 4096);
        var text = Encoding.UTF8.GetString(bytes);
        var deep = text.LastIndexOf("\"source\": [", StringComparison.Ordinal) + "\"source\": [".Length;
        byte[] broken = kind switch
        {
            0 => bytes[..(bytes.Length * 2 / 3)],
            1 => [.. bytes[..(deep + 2)], 0xC3, 0x28, .. bytes[(deep + 2)..]],
            2 => Encoding.UTF8.GetBytes(text.Insert(deep, "\"\\ud800\", ")),
            3 => Encoding.UTF8.GetBytes(text.Insert(text.LastIndexOf("{\n   \"cell_type\"", StringComparison.Ordinal), "42, ")),
            4 => [.. bytes, (byte)'x'],
            _ => Encoding.UTF8.GetBytes(text.Replace("\"nbformat\": 4", "\"nbformat\": 5")),
        };
        var path = Write("broken.ipynb", broken);
        var expected = Assert.ThrowsAny<NbToolsException>(() => Notebooks.Read(path));
        Assert.True(IpynbReader.ReadWindowed(path, 512) is null, $"the windowed reader read a file with {what}");
        var actual = Assert.ThrowsAny<NbToolsException>(() => Notebooks.ReadAll(path, path));
        Assert.Equal(expected.Message, actual.Message);
        Assert.Equal(broken, File.ReadAllBytes(path));
    }

    [Fact]
    public void A_file_replaced_after_reading_is_still_read_as_it_was_and_one_changed_in_place_is_an_error()
    {
        var bytes = Corpus.Bytes("pytorch-book__Chapter2.ipynb");
        var path = Write("nb.ipynb", bytes);
        var replaced = IpynbReader.ReadWindowed(path, 512)!;
        // Replaced by a rename, as git, editors and NbTools save: the open file is still the old one.
        var other = Write("other.ipynb", Edited(bytes, 0));
        File.Move(other, path, overwrite: true);
        replaced.Cells[0].Source += "\n# edited";
        var expected = Notebooks.Read(bytes, "nb.ipynb");
        expected.Cells[0].Source += "\n# edited";
        Assert.Equal(Notebooks.ToBytes(expected), Notebooks.ToBytes(replaced));

        // Changed in place (same file, now shorter): reading on from it, or writing from it, would mix two files.
        var changed = IpynbReader.ReadWindowed(path, 512)!;
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var error = Assert.Throws<NbToolsException>(() =>
        {
            changed.Cells[^1].Source += "\n# edited";
            return Notebooks.ToBytes(changed);
        });
        Assert.Contains("changed while NbTools was reading it", error.Message);

        // Changed in place to as many bytes: what was read may no longer match, and the writer says so.
        var sameLength = IpynbReader.ReadWindowed(path = Write("same.ipynb", bytes), 512)!;
        sameLength.Cells[0].Source += "\n# edited";
        File.WriteAllBytes(path, [.. bytes[..^1], (byte)' ']);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(1));
        Assert.Throws<NbToolsException>(() => Notebooks.ToBytes(sameLength));
        Assert.Throws<NbToolsException>(() => Notebooks.EnsureUnchanged(sameLength));
        Notebooks.EnsureUnchanged(replaced, Notebooks.Read(bytes, "in-memory.ipynb"));
    }

    /// <summary>Independent of NbTools' reader: .NET's own JSON parser on the decoded text.</summary>
    private static bool IsNbformatFour(string name)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Corpus.PathOf(name)));
        return doc.RootElement.GetProperty("nbformat").GetInt32() == 4;
    }

    private static bool MayHoldSurrogateEscape(byte[] bytes)
    {
        var text = Encoding.Latin1.GetString(bytes);
        return text.Contains("\\ud", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>An edit as a colleague makes one: side 0 edits and removes cells, side 1 edits others and adds one.</summary>
    private static byte[] Edited(byte[] bytes, int side)
    {
        var notebook = Notebooks.Read(bytes, "edit.ipynb");
        for (var i = notebook.Cells.Count - 1; i >= 0; i--)
        {
            if (side == 0 && i % 7 == 3) notebook.Cells[i].Source += "\n# local edit";
            if (side == 0 && i % 11 == 5) notebook.Cells.RemoveAt(i);
            else if (side == 1 && i % 7 == 5) notebook.Cells[i].Source += "\n# remote edit";
        }
        if (side == 1) notebook.Cells.Insert(notebook.Cells.Count / 2, new Cell(CellType.Markdown, "A remote note") { Id = notebook.NbFormatMinor >= 5 ? "remote-note" : null });
        return Notebooks.ToBytes(notebook);
    }

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
