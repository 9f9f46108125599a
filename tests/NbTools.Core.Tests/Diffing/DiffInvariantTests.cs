using NbTools.Core.Diffing.Notebook;
using NbTools.Core.Model;
using Newtonsoft.Json.Linq;

namespace NbTools.Core.Tests.Diffing;

/// <summary>Invariants of the notebook diff over the corpus: applying diff(A, B) to A gives B; diff(A, A) is empty.</summary>
public sealed class DiffInvariantTests
{
    private static readonly Lazy<List<(string Name, Notebook Notebook)>> All = new(() =>
        ((IEnumerable<object[]>)Corpus.Notebooks()).Select(r => (string)r[0]).Select(n => (n, Notebooks.Read(Corpus.PathOf(n)))).ToList());

    public static TheoryData<string> Names => Corpus.Notebooks();

    [Theory]
    [MemberData(nameof(Names))]
    public void Applying_the_diff_to_every_other_corpus_notebook_gives_that_notebook(string name)
    {
        var a = All.Value.First(n => n.Name == name).Notebook;
        var aJson = NotebookJson.Of(a, DiffOptions.Everything);
        foreach (var (otherName, b) in All.Value)
        {
            var diff = NotebookDiff.Compute(a, b, DiffOptions.Everything);
            var applied = NotebookDiff.Apply(aJson, diff.Ops);
            Assert.True(JToken.DeepEquals(NotebookJson.Of(b, DiffOptions.Everything), applied), $"diff({name}, {otherName}) applied to {name} is not {otherName}");
            Assert.Equal(otherName == name, diff.IsEmpty);
        }
    }

    public static TheoryData<string, string> Edits()
    {
        var data = new TheoryData<string, string>();
        foreach (var row in (IEnumerable<object[]>)Corpus.Notebooks())
        {
            foreach (var edit in new[] { "change-source", "insert", "delete", "move", "change-output", "change-metadata", "swap" }) data.Add((string)row[0], edit);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Edits))]
    public void Edited_variants_diff_and_apply_back_and_report_the_change(string name, string edit)
    {
        var a = Notebooks.Read(Corpus.PathOf(name));
        var b = Notebooks.Read(Corpus.PathOf(name));
        if (b.Cells.Count < 3) return;
        var middle = b.Cells.Count / 2;
        CellChangeKind expected;
        switch (edit)
        {
            case "change-source":
                b.Cells[middle].Source += "\nextra line";
                expected = CellChangeKind.Modified;
                break;
            case "insert":
                b.Cells.Insert(middle, new Cell(CellType.Markdown, "# inserted by the diff test"));
                expected = CellChangeKind.Added;
                break;
            case "delete":
                b.Cells.RemoveAt(middle);
                expected = CellChangeKind.Removed;
                break;
            case "move":
                var moved = b.Cells[^1];
                if (b.Cells.Take(b.Cells.Count - 1).Any(c => c.Source == moved.Source)) return;
                b.Cells.RemoveAt(b.Cells.Count - 1);
                b.Cells.Insert(0, moved);
                expected = CellChangeKind.Moved;
                break;
            case "change-output":
                var withOutput = b.Cells.FirstOrDefault(c => c.Outputs.Count > 0);
                if (withOutput is null) return;
                withOutput.Outputs.Add(Output.Stream("stdout", "one more line\n"));
                expected = CellChangeKind.Modified;
                break;
            case "change-metadata":
                b.Cells[middle].Metadata["tags"] = new JArray("diff-test");
                expected = CellChangeKind.Modified;
                break;
            default:
                (b.Cells[0], b.Cells[1]) = (b.Cells[1], b.Cells[0]);
                if (b.Cells[0].Source == b.Cells[1].Source) return;
                expected = CellChangeKind.Moved;
                break;
        }
        var diff = NotebookDiff.Compute(a, b, DiffOptions.Everything);
        Assert.True(JToken.DeepEquals(NotebookJson.Of(b, DiffOptions.Everything), NotebookDiff.Apply(NotebookJson.Of(a, DiffOptions.Everything), diff.Ops)));
        Assert.Contains(diff.Cells, c => c.Kind == expected);
        Assert.Equal(diff.Cells.Count(c => c.Kind != CellChangeKind.Unchanged) switch { 0 => false, _ => true }, !diff.IsEmpty);
    }
}
