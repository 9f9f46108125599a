using CsCheck;
using NbTools.Core.Diffing.Notebook;
using NbTools.Core.Model;
using NbTools.Core.Pairing;
using Newtonsoft.Json.Linq;

namespace NbTools.Core.Tests.Hardening;

/// <summary>
/// Property tests (CsCheck, seeded so a failure can be replayed): generated notebooks – every cell
/// kind, sources with marker-like lines, CJK, right-to-left text, emoji, combining marks, CRLF and
/// lone CR, empty and whitespace-only cells, odd metadata – through every format's round trip,
/// diff then patch, a merge with identical sides, and sync after random edits of the text.
/// </summary>
public sealed class NotebookPropertyTests
{
    private static readonly string[] Pieces =
    [
        "x", "value = 1", " ", "\t", "中文字符", "שלום", "مرحبا", "😀", "👩‍💻", "e\u0301", "\r", "\r\n", "# %%", "// %%", "# %% [markdown]",
        "```", "```python", "~~~", "#!csharp", "#!meta", "<!-- #region -->", "<!-- #endregion -->", "---", "# ---", "\"", "\\", "%%time", "'''", "#", "    indented",
    ];

    private static Gen<string> LineOf(string[] pieces) => Gen.OneOfConst(pieces).Array[0, 4].Select(parts => string.Concat(parts));

    private static Gen<string> SourceOf(string[] pieces) => Gen.Select(LineOf(pieces).Array[0, 6], Gen.Bool, (lines, newline) => string.Join("\n", lines) + (newline && lines.Length > 0 ? "\n" : ""));

    private static readonly Gen<string> Source = SourceOf(Pieces);

    private static readonly Gen<JObject> Metadata = Gen.OneOf(
        Gen.Const(new JObject()),
        Gen.Const(new JObject { ["tags"] = new JArray("a", "b c") }),
        Gen.Const(new JObject { ["weird key ü"] = new JObject { ["nested"] = new JArray(1, JValue.CreateNull(), true, "中") } }),
        Gen.Const(new JObject { ["empty"] = new JObject(), ["n"] = 1.5 }));

    private static Gen<Notebook> NotebooksOf(Gen<string> source) => Gen.Select(Gen.OneOfConst("code", "markdown", "raw"), source, Metadata, (type, text, metadata) =>
    {
        var cell = new Cell(type, text);
        foreach (var property in metadata.Properties()) cell.Metadata[property.Name] = property.Value.DeepClone();
        return cell;
    }).Array[0, 8].Select(cells =>
    {
        var notebook = new Notebook();
        foreach (var cell in cells) notebook.Cells.Add(cell);
        return notebook;
    });

    private static readonly Gen<Notebook> NotebookGen = NotebooksOf(Source);

    private static string Show(Notebook notebook) =>
        new JArray(notebook.Cells.Select(c => new JArray(c.CellType.ToString(), c.Source))).ToString(Newtonsoft.Json.Formatting.None);

    private const string Seed = "0N0XIzNsQ0O2";

    [Theory]
    [InlineData("ipynb")]
    [InlineData("py")]
    [InlineData("cs")]
    [InlineData("md")]
    [InlineData("dib")]
    public void Every_format_round_trips_the_cells_of_generated_notebooks(string format)
    {
        NotebookGen.Sample(notebook =>
        {
            var bytes = Notebooks.ToBytes(notebook, format);
            var back = Notebooks.Read(bytes, "nb." + format);
            var expected = notebook.Cells.Select(c => (c.CellType, c.Source)).ToList();
            var actual = back.Cells.Select(c => (c.CellType, c.Source)).ToList();
            return expected.SequenceEqual(actual);
        }, iter: 150, seed: Seed, print: Show);
    }

    [Theory]
    [InlineData("py:light", ".py")]
    [InlineData("cs:light", ".cs")]
    [InlineData("R:light", ".R")]
    public void The_light_format_round_trips_the_cells_and_metadata_of_generated_notebooks(string format, string extension)
    {
        // Light's own hazards on top: region markers, list items, magic-like and help lines, PEP 8 definitions.
        var source = SourceOf([.. Pieces, "# +", "# -", "// +", "// -", "+ item", "cd x", "x?", "def f():", "# # +", "%matplotlib", ""]);
        NotebooksOf(source).Sample(notebook =>
        {
            var back = Notebooks.Read(Notebooks.ToBytes(notebook, format), "nb" + extension);
            return notebook.Cells.Count == back.Cells.Count && notebook.Cells.Zip(back.Cells).All(p =>
                p.First.CellType == p.Second.CellType && p.First.Source == p.Second.Source && JToken.DeepEquals(p.First.Metadata, p.Second.Metadata));
        }, iter: 150, seed: Seed, print: Show);
    }

    [Theory]
    [InlineData("py", "x = '''never closed")]
    [InlineData("py", "%%time'''#\n#!csharp\n")]
    [InlineData("cs", "var s = \"\"\"\n// %% looks like a marker\n")]
    [InlineData("R", "s <- \"open\n# %% inside\n")]
    public void An_unclosed_string_literal_does_not_hide_the_next_cell_marker(string format, string source)
    {
        var notebook = new Notebook();
        notebook.Cells.Add(new Cell("code", source));
        notebook.Cells.Add(new Cell("markdown", "the next cell"));
        notebook.Cells.Add(new Cell("code", "y = 2"));
        var text = Notebooks.ToBytes(notebook, format);
        var back = Notebooks.Read(text, "nb." + format);
        Assert.Equal(notebook.Cells.Select(c => (c.CellType, c.Source)), back.Cells.Select(c => (c.CellType, c.Source)));
        // A cell that closes its strings is written as jupytext writes it, with no annotation.
        notebook.Cells[0].Source = "x = 1";
        Assert.DoesNotContain("nbtools.open_string", System.Text.Encoding.UTF8.GetString(Notebooks.ToBytes(notebook, format)));
    }

    [Theory]
    [InlineData("```")]
    [InlineData("text\n```python\nx = 1")]
    [InlineData("~~~\n<!-- #endregion -->")]
    public void An_unclosed_markdown_fence_does_not_swallow_the_next_cell(string source)
    {
        var notebook = new Notebook();
        notebook.Cells.Add(new Cell("markdown", source));
        notebook.Cells.Add(new Cell("code", "y = 2"));
        notebook.Cells.Add(new Cell("markdown", "last"));
        var back = Notebooks.Read(Notebooks.ToBytes(notebook, "md"), "nb.md");
        Assert.Equal(notebook.Cells.Select(c => (c.CellType, c.Source)), back.Cells.Select(c => (c.CellType, c.Source)));
    }

    [Fact]
    public void A_lone_surrogate_is_escaped_on_write_and_refused_on_read_never_a_crash()
    {
        var notebook = new Notebook();
        notebook.Cells.Add(new Cell("code", "x = '\ud800'"));
        var bytes = Notebooks.ToBytes(notebook);
        Assert.Contains("\\ud800", System.Text.Encoding.UTF8.GetString(bytes), StringComparison.OrdinalIgnoreCase);
        var error = Assert.Throws<NotebookFormatException>(() => Notebooks.Read(bytes, "nb.ipynb"));
        Assert.Contains("lone surrogate", error.Message);
    }

    [Fact]
    public void Diff_then_patch_gives_the_second_notebook()
    {
        Gen.Select(NotebookGen, NotebookGen).Sample((a, b) =>
        {
            var diff = NotebookDiff.Compute(a, b, DiffOptions.Everything);
            var applied = NotebookDiff.Apply(NotebookJson.Of(a, DiffOptions.Everything), diff.Ops);
            return JToken.DeepEquals(NotebookJson.Of(b, DiffOptions.Everything), applied);
        }, iter: 150, seed: Seed);
    }

    [Fact]
    public void A_merge_with_identical_sides_is_clean_and_gives_that_side()
    {
        Gen.Select(NotebookGen, NotebookGen).Sample((baseNotebook, side) =>
        {
            var result = NotebookMerge.Merge(baseNotebook, side, side);
            return result.IsClean && result.Notebook.Cells.Select(c => (c.CellType, c.Source)).SequenceEqual(side.Cells.Select(c => (c.CellType, c.Source)));
        }, iter: 150, seed: Seed);
    }

    [Fact]
    public void Sync_after_random_text_edits_gives_the_notebook_the_texts_inputs()
    {
        Gen.Select(NotebookGen, Source.Array[1, 3], Gen.Int[0, 1000]).Sample((notebook, edits, where) =>
        {
            using var temp = new TempFolder();
            var path = temp.File("nb.ipynb");
            Notebooks.Write(notebook, path);
            NotebookPairing.Pair(path, ["py"]);
            var py = temp.File("nb.py");
            var text = Notebooks.Read(py);
            foreach (var (edit, k) in edits.Select((e, k) => (e, k)))
            {
                if (text.Cells.Count == 0 || k % 2 == 1) text.Cells.Insert(text.Cells.Count == 0 ? 0 : where % (text.Cells.Count + 1), new Cell("code", edit));
                else text.Cells[(where + k) % text.Cells.Count].Source = edit;
            }
            Notebooks.Write(text, py);
            var expected = Notebooks.Read(py).Cells.Select(c => (c.CellType, c.Source)).ToList();
            var result = NotebookPairing.Sync(new SyncRequest([path])).Pairs.Single();
            return result.Action != SyncAction.Conflict
                && Notebooks.Read(path).Cells.Select(c => (c.CellType, c.Source)).SequenceEqual(expected)
                && NotebookPairing.Sync(new SyncRequest([path])).Pairs.Single().Action == SyncAction.UpToDate;
        }, iter: 40, seed: Seed);
    }
}
