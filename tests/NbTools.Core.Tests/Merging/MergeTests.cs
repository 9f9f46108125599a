using NbTools.Core;
using NbTools.Core.Merging;
using NbTools.Core.Model;
using NbTools.Core.Validation;
using Newtonsoft.Json.Linq;

namespace NbTools.Core.Tests.Merging;

/// <summary>Three-way merge on nbdime's merge cases and on random edits: nothing one-sided is lost, conflicts only where both sides differ.</summary>
public sealed class MergeTests
{
    private static string Cases => Path.Combine(Corpus.SharedFolder, "nbdime-cases");

    public static TheoryData<string> MergeCases()
    {
        var data = new TheoryData<string>();
        foreach (var dir in Directory.GetDirectories(Path.Combine(Cases, "merge")).Order(StringComparer.Ordinal)) data.Add(Path.GetFileName(dir));
        return data;
    }

    /// <summary>
    /// Cases where NbTools deliberately differs from nbdime: both sides regenerated a cell's id
    /// (and made the same edit, or only one side edited). nbdime reports the ids as a conflict;
    /// an id is bookkeeping, so NbTools keeps the base id and merges cleanly.
    /// </summary>
    private static readonly HashSet<string> CleanHereConflictInNbdime = ["ui-merge_test2", "ui-merge_test4"];

    private static (Notebook Base, Notebook Local, Notebook Remote) Triple(string name)
    {
        var dir = Path.Combine(Cases, "merge", name);
        return (Notebooks.Read(Path.Combine(dir, "base.ipynb")), Notebooks.Read(Path.Combine(dir, "local.ipynb")), Notebooks.Read(Path.Combine(dir, "remote.ipynb")));
    }

    private static MergeResult MergeCase(string name, MergeOptions? options = null)
    {
        var (b, l, r) = Triple(name);
        return NotebookMerge.Merge(b, l, r, options);
    }

    [Theory]
    [MemberData(nameof(MergeCases))]
    public void Conflicts_where_nbdime_finds_them_and_the_result_is_a_valid_notebook(string name)
    {
        var result = MergeCase(name);
        var nbdimeExit = int.Parse(File.ReadAllText(Path.Combine(Cases, "expected-nbdime", "merge", name, "exit-code.txt")).Trim());
        var expectClean = nbdimeExit == 0 || CleanHereConflictInNbdime.Contains(name);
        Assert.Equal(expectClean, result.IsClean);
        var bytes = Notebooks.ToBytes(result.Notebook);
        var validation = NotebookValidator.Validate(bytes, name + "/merged.ipynb");
        Assert.True(validation.IsValid, string.Join("\n", validation.Problems));
        var listed = JObject.Parse(System.Text.Encoding.UTF8.GetString(bytes))["metadata"]?["nbtools"]?["conflicts"] as JArray;
        Assert.Equal(result.Conflicts.Count, listed?.Count ?? 0);
    }

    [Theory]
    [MemberData(nameof(MergeCases))]
    public void The_same_inputs_give_the_same_bytes(string name)
    {
        Assert.Equal(Notebooks.ToBytes(MergeCase(name).Notebook), Notebooks.ToBytes(MergeCase(name).Notebook));
    }

    [Theory]
    [MemberData(nameof(MergeCases))]
    public void Every_source_line_either_side_added_is_in_the_result(string name)
    {
        var (b, l, r) = Triple(name);
        var baseLines = Lines(b).ToHashSet(StringComparer.Ordinal);
        var added = Lines(l).Concat(Lines(r)).Where(line => !baseLines.Contains(line)).ToList();
        var result = NotebookMerge.Merge(b, l, r);
        var merged = Lines(result.Notebook).ToHashSet(StringComparer.Ordinal);
        Assert.DoesNotContain(added, line => !merged.Contains(line));
        // Cell by cell: a cell source only one side introduced is in the result as it is, unless
        // that cell is one of the reported conflicts (then its lines are, checked above).
        var baseSources = b.Cells.Select(c => c.Source).ToHashSet(StringComparer.Ordinal);
        var conflicted = result.Conflicts.Where(c => c.Cell >= 0).Select(c => result.Notebook.Cells[c.Cell].Source).ToList();
        var mergedSources = result.Notebook.Cells.Select(c => c.Source).ToHashSet(StringComparer.Ordinal);
        foreach (var (side, other) in new[] { (l, r), (r, l) })
        {
            var otherSources = other.Cells.Select(c => c.Source).ToHashSet(StringComparer.Ordinal);
            foreach (var source in side.Cells.Select(c => c.Source).Where(s => !baseSources.Contains(s) && !otherSources.Contains(s)))
            {
                var kept = mergedSources.Contains(source) || conflicted.Any(c => PythonLines(source).All(line => c.Contains(line, StringComparison.Ordinal)));
                Assert.True(kept, $"one side's cell is missing from the merge:\n{source}");
            }
        }
    }

    private static IEnumerable<string> PythonLines(string source) => source.Split('\n').Where(line => line.Trim().Length > 0);

    private static IEnumerable<string> Lines(Notebook notebook) =>
        notebook.Cells.SelectMany(c => c.Source.Split('\n')).Select(line => line.TrimEnd('\r')).Where(line => line.Length > 0);

    [Fact]
    public void Multilevel_case_gives_nbdimes_expected_file_byte_for_byte()
    {
        var result = MergeCase("multilevel-test");
        Assert.True(result.IsClean);
        Assert.Equal(File.ReadAllBytes(Path.Combine(Cases, "merge", "multilevel-test", "upstream-expected-merged.ipynb")), Notebooks.ToBytes(result.Notebook));
    }

    [Fact]
    public void Inline_source_conflict_has_the_markers_nbdime_writes()
    {
        var result = MergeCase("inline-conflict");
        Assert.Equal(new[] { new MergeConflict(0, "source") }, result.Conflicts);
        Assert.Equal("x = 1\n<<<<<<< local\ny = 3\nz = 4\nprint(x * y / z)\n=======\nq = 3.1\nprint(x + q)\n>>>>>>> remote", result.Notebook.Cells[0].Source);
    }

    [Theory]
    [InlineData(MergeStrategy.Ours)]
    [InlineData(MergeStrategy.Theirs)]
    [InlineData(MergeStrategy.Base)]
    public void A_side_strategy_resolves_every_conflict_to_that_side(MergeStrategy strategy)
    {
        var (b, l, r) = Triple("inline-conflict");
        var expected = (strategy switch { MergeStrategy.Ours => l, MergeStrategy.Theirs => r, _ => b }).Cells[0].Source;
        var result = NotebookMerge.Merge(b, l, r, MergeOptions.For(strategy));
        Assert.True(result.IsClean);
        Assert.Equal(expected, result.Notebook.Cells[0].Source);

        var mixed = MergeCase("mixed-conflicts", MergeOptions.For(strategy));
        Assert.True(mixed.IsClean);
        Assert.DoesNotContain(mixed.Notebook.Cells, c => c.Source.Contains("<<<<<<<", StringComparison.Ordinal));
        Assert.Null(mixed.Notebook.Metadata["nbtools"]);
    }

    [Fact]
    public void An_edited_metadata_value_is_read_as_json_and_an_empty_one_removes_the_key()
    {
        var (b, l, r) = Triple("mixed-conflicts");
        var inline = NotebookMerge.Merge(b, l, r);
        var metadata = inline.Conflicts.Where(c => c.Kind == "metadata").ToList();
        Assert.Equal(2, metadata.Count); // a cell's tags and the notebook's language_info.version
        ConflictDecision For(MergeConflict c, string? tags, string? version) => c.Kind != "metadata" ? new(ConflictChoice.Local)
            : new(ConflictChoice.Edit, c.Key == "tags" ? tags : version);

        var (b2, l2, r2) = Triple("mixed-conflicts");
        var edited = NotebookMerge.Merge(b2, l2, r2, new MergeOptions(Decisions: inline.Conflicts.Select(c => For(c, "[\"reviewed\", \"both\"]", "\"1.0-merged\"")).ToList()));
        Assert.True(edited.IsClean, string.Join(", ", edited.Conflicts));
        var tagged = metadata.Single(c => c.Key == "tags").Cell;
        Assert.Equal(new JArray("reviewed", "both"), edited.Notebook.Cells[tagged].Metadata["tags"]);
        Assert.Equal("1.0-merged", (string?)edited.Notebook.Metadata.SelectToken("language_info.version")); // the key is nested

        var (b3, l3, r3) = Triple("mixed-conflicts");
        var removed = NotebookMerge.Merge(b3, l3, r3, new MergeOptions(Decisions: inline.Conflicts.Select(c => For(c, "", " ")).ToList()));
        Assert.True(removed.IsClean);
        Assert.Null(removed.Notebook.Cells[tagged].Metadata["tags"]);
        Assert.Null(removed.Notebook.Metadata.SelectToken("language_info.version"));
        Assert.NotNull(removed.Notebook.Metadata.SelectToken("language_info.name"));

        var (b4, l4, r4) = Triple("mixed-conflicts");
        var bad = Assert.Throws<NbToolsException>(() => NotebookMerge.Merge(b4, l4, r4, new MergeOptions(Decisions: inline.Conflicts.Select(c => For(c, "[\"open\"", "1")).ToList())));
        Assert.Contains("metadata 'tags': the edited value is not JSON", bad.Message);
        Assert.Throws<NbToolsException>(() => ConflictDecision.EditedValue("1 2", "version"));
    }

    [Fact]
    public void Union_keeps_both_sides_without_markers()
    {
        var (b, l, r) = Triple("inline-conflict");
        var result = NotebookMerge.Merge(b, l, r, MergeOptions.For(MergeStrategy.Union));
        Assert.True(result.IsClean);
        Assert.Equal("x = 1\ny = 3\nz = 4\nprint(x * y / z)\nq = 3.1\nprint(x + q)", result.Notebook.Cells[0].Source);
    }

    [Fact]
    public void Marker_size_and_labels_follow_the_options()
    {
        var (b, l, r) = Triple("ui-merge_test1");
        var result = NotebookMerge.Merge(b, l, r, new MergeOptions(MarkerSize: 9, LocalLabel: "HEAD", RemoteLabel: "feature"));
        var source = result.Notebook.Cells.Single(c => c.Source.Contains("=========\n", StringComparison.Ordinal)).Source;
        Assert.Contains("<<<<<<<<< HEAD\n", source);
        Assert.Contains(">>>>>>>>> feature", source);
    }

    // --- Outputs never conflict --------------------------------------------------------------

    [Fact]
    public void Both_sides_rerunning_a_cell_differently_is_not_a_conflict()
    {
        var b = Build(Sources(4));
        var l = Build(Sources(4));
        var r = Build(Sources(4));
        l.Cells[2].Outputs.Add(Output.Stream("stdout", "local run\n"));
        l.Cells[2].ExecutionCount = 3;
        r.Cells[2].Outputs.Add(Output.Stream("stdout", "remote run\n"));
        r.Cells[2].ExecutionCount = 7;
        var result = NotebookMerge.Merge(b, l, r);
        Assert.True(result.IsClean);
        Assert.Equal(Sources(4), result.Notebook.Cells.Select(c => c.Source));
        Assert.Single(result.Notebook.Cells[2].Outputs);
    }

    [Fact]
    public void A_cell_keeps_the_outputs_of_the_side_whose_source_it_took()
    {
        var b = Build(Sources(3));
        var l = Build(Sources(3));
        var r = Build(Sources(3));
        r.Cells[1].Source += "\nprint('remote')";
        r.Cells[1].Outputs.Add(Output.Stream("stdout", "remote\n"));
        var result = NotebookMerge.Merge(b, l, r);
        Assert.True(result.IsClean);
        Assert.Equal(r.Cells[1].Source, result.Notebook.Cells[1].Source);
        Assert.Equal("remote\n", string.Concat(result.Notebook.Cells[1].Outputs.Single().Content["text"]!.Values<string>()));
    }

    // --- Random edits --------------------------------------------------------------------------

    public static TheoryData<int> Seeds()
    {
        var data = new TheoryData<int>();
        for (var seed = 1; seed <= 100; seed++) data.Add(seed);
        return data;
    }

    /// <summary>
    /// Each side edits, deletes and inserts cells the other side does not touch: the merge is
    /// clean and is exactly both sides' changes applied to the base.
    /// </summary>
    [Theory]
    [MemberData(nameof(Seeds))]
    public void Random_edits_of_different_cells_merge_cleanly_with_both_sides_applied(int seed)
    {
        var random = new Random(seed);
        var count = random.Next(3, 30);
        var baseSources = Sources(count);
        // Each base cell: touched by nobody, local or remote (0/1/2); action edit or delete; inserts after distinct anchors.
        var owner = Enumerable.Range(0, count).Select(_ => random.Next(3)).ToArray();
        var delete = Enumerable.Range(0, count).Select(_ => random.Next(4) == 0).ToArray();
        var insertAfter = Enumerable.Range(0, count).Select(_ => random.Next(5) == 0 ? random.Next(1, 3) : 0).ToArray();
        // A side that deletes the cell it inserts after has replaced it: where the new cell goes
        // relative to the other side's is then a matter of convention, not of this test.
        for (var i = 0; i < count; i++) delete[i] &= !(insertAfter[i] == owner[i] && owner[i] != 0);
        List<string> Side(int who)
        {
            var cells = new List<string>();
            for (var i = 0; i < count; i++)
            {
                if (owner[i] == who && delete[i]) { }
                else if (owner[i] == who) cells.Add(Edited(baseSources[i], who, random));
                else cells.Add(baseSources[i]);
                if (insertAfter[i] == who) cells.Add($"new_{who}_{i} = {seed}\nprint('inserted by side {who} after {i}')");
            }
            return cells;
        }
        var localSources = Side(1);
        var remoteSources = Side(2);
        var expected = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var from = owner[i] == 1 ? localSources : owner[i] == 2 ? remoteSources : null;
            if (owner[i] == 0) expected.Add(baseSources[i]);
            else if (!delete[i]) expected.Add(EditedOf(from!, baseSources[i]));
            if (insertAfter[i] != 0) expected.Add($"new_{insertAfter[i]}_{i} = {seed}\nprint('inserted by side {insertAfter[i]} after {i}')");
        }
        var result = NotebookMerge.Merge(Build(baseSources), Build(localSources), Build(remoteSources));
        Assert.True(result.IsClean, string.Join(", ", result.Conflicts));
        Assert.Equal(expected, result.Notebook.Cells.Select(c => c.Source));
        Assert.True(NotebookValidator.Validate(Notebooks.ToBytes(result.Notebook), "merged.ipynb").IsValid);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Different_edits_of_the_same_line_conflict_and_keep_both_texts(int seed)
    {
        var random = new Random(seed);
        var count = random.Next(2, 20);
        var target = random.Next(count);
        var baseSources = Sources(count);
        var local = baseSources.ToList();
        var remote = baseSources.ToList();
        local[target] = local[target].Replace($"x{target} = {target}", $"x{target} = {target} + {seed}", StringComparison.Ordinal);
        remote[target] = remote[target].Replace($"x{target} = {target}", $"x{target} = {target} * {seed + 1}", StringComparison.Ordinal);
        var result = NotebookMerge.Merge(Build(baseSources), Build(local), Build(remote));
        Assert.Equal(new[] { new MergeConflict(target, "source") }, result.Conflicts);
        var merged = result.Notebook.Cells[target].Source;
        Assert.Contains($"<<<<<<< local\nx{target} = {target} + {seed}\n=======\nx{target} = {target} * {seed + 1}\n>>>>>>> remote\n", merged);
        Assert.Equal(count, result.Notebook.Cells.Count);
        Assert.True(NotebookValidator.Validate(Notebooks.ToBytes(result.Notebook), "merged.ipynb").IsValid);
    }

    public static TheoryData<string> CorpusNotebooks()
    {
        var data = new TheoryData<string>();
        foreach (var name in ((IEnumerable<object[]>)Corpus.NbformatFourNotebooks()).Select(row => (string)row[0]))
        {
            if (Notebooks.Read(Corpus.PathOf(name)).Cells.Select(c => c.Source).Distinct().Count() >= 4) data.Add(name);
        }
        return data;
    }

    /// <summary>
    /// Both sides changed a cell's type, differently: the cell stays one cell and each strategy
    /// picks its type (base: the base's). It used to be read as deleted on both sides and inserted
    /// on both, and <c>--strategy base</c> then dropped it altogether.
    /// </summary>
    [Theory]
    [InlineData(MergeStrategy.Base, "code", true)]
    [InlineData(MergeStrategy.Ours, "markdown", true)]
    [InlineData(MergeStrategy.Theirs, "raw", true)]
    [InlineData(MergeStrategy.Union, "markdown", true)]
    [InlineData(MergeStrategy.Inline, "markdown", false)]
    public void A_cell_whose_type_both_sides_changed_stays_one_cell(MergeStrategy strategy, string expectedType, bool clean)
    {
        foreach (var name in ((IEnumerable<object[]>)CorpusNotebooks()).Select(row => (string)row[0]).Where(n => NotebookValidator.Validate(Corpus.PathOf(n)).IsValid).Take(6))
        {
            var (b, l, r) = (Notebooks.Read(Corpus.PathOf(name)), Notebooks.Read(Corpus.PathOf(name)), Notebooks.Read(Corpus.PathOf(name)));
            var at = b.Cells.FindIndex(c => c.IsCode && c.Source.Trim().Length > 0 && b.Cells.Count(d => d.Source == c.Source) == 1);
            if (at < 0) continue;
            ChangeType(l.Cells[at], CellType.Markdown);
            ChangeType(r.Cells[at], CellType.Raw);

            var result = NotebookMerge.Merge(b, l, r, strategy == MergeStrategy.Inline ? null : MergeOptions.For(strategy));

            Assert.Equal(b.Cells.Count, result.Notebook.Cells.Count);
            Assert.Equal(expectedType, result.Notebook.Cells[at].CellType);
            Assert.Equal(b.Cells[at].Source, result.Notebook.Cells[at].Source);
            Assert.Equal(clean, result.IsClean);
            if (!clean) Assert.Equal([new MergeConflict(at, "cell_type")], result.Conflicts);
            Assert.True(NotebookValidator.Validate(Notebooks.ToBytes(result.Notebook), name).IsValid, name);
        }
    }

    /// <summary>One side changed a cell's type, the other its source: both changes are kept, cleanly.</summary>
    [Fact]
    public void A_type_change_and_a_source_edit_of_one_cell_merge_cleanly()
    {
        var name = ((IEnumerable<object[]>)CorpusNotebooks()).Select(row => (string)row[0]).First();
        var (b, l, r) = (Notebooks.Read(Corpus.PathOf(name)), Notebooks.Read(Corpus.PathOf(name)), Notebooks.Read(Corpus.PathOf(name)));
        var at = b.Cells.FindIndex(c => c.IsCode && c.Source.Trim().Length > 0);
        ChangeType(l.Cells[at], CellType.Markdown);
        r.Cells[at].Source += "\n# edited on the remote side";

        var result = NotebookMerge.Merge(b, l, r);

        Assert.True(result.IsClean, string.Join(", ", result.Conflicts));
        Assert.Equal(b.Cells.Count, result.Notebook.Cells.Count);
        Assert.Equal(CellType.Markdown, result.Notebook.Cells[at].CellType);
        Assert.Equal(r.Cells[at].Source, result.Notebook.Cells[at].Source);
    }

    /// <summary>What Jupyter does when a code cell becomes text: the outputs and count go.</summary>
    private static void ChangeType(Cell cell, string type)
    {
        cell.CellType = type;
        cell.Outputs.Clear();
        cell.ExecutionCount = null;
    }

    /// <summary>
    /// Real notebooks: local edits one cell and inserts one, remote edits another, deletes a third
    /// and re-runs local's edited cell. Clean, both sides' changes in place, local's outputs on the
    /// cell whose source came from local.
    /// </summary>
    [Theory]
    [MemberData(nameof(CorpusNotebooks))]
    public void Random_edits_of_a_corpus_notebook_merge_cleanly(string name)
    {
        var random = new Random(name.Sum(ch => ch));
        var b = Notebooks.Read(Corpus.PathOf(name));
        var unique = Enumerable.Range(0, b.Cells.Count).Where(i => b.Cells.Count(c => c.Source == b.Cells[i].Source) == 1).OrderBy(_ => random.Next()).Take(3).ToList();
        Assert.True(unique.Count == 3, "the theory data keeps notebooks with at least 4 distinct cells");
        var (edit, other, gone) = (unique[0], unique[1], unique[2]);
        var insertAt = random.Next(b.Cells.Count + 1);
        var l = Notebooks.Read(Corpus.PathOf(name));
        var r = Notebooks.Read(Corpus.PathOf(name));
        l.Cells[edit].Source += "\nlocal_edit = 1";
        l.Cells.Insert(insertAt, new Cell(CellType.Markdown, "A cell only local has") { Id = l.NbFormatMinor >= 5 ? "local-insert" : null });
        r.Cells[other].Source += "\nremote_edit = 2";
        if (r.Cells[edit].IsCode) r.Cells[edit].Outputs.Add(Output.Stream("stdout", "remote re-ran the old source\n"));
        r.Cells.RemoveAt(gone);

        var expected = b.Cells.Select(c => c.Source).ToList();
        expected[edit] += "\nlocal_edit = 1";
        expected[other] += "\nremote_edit = 2";
        expected.Insert(insertAt, "A cell only local has");
        expected.RemoveAt(gone >= insertAt ? gone + 1 : gone);

        var result = NotebookMerge.Merge(b, l, r);
        Assert.True(result.IsClean, string.Join(", ", result.Conflicts));
        Assert.Equal(expected, result.Notebook.Cells.Select(c => c.Source));
        var editedCell = result.Notebook.Cells.Single(c => c.Source.EndsWith("local_edit = 1", StringComparison.Ordinal));
        Assert.DoesNotContain(editedCell.Outputs, o => o.Content.ToString().Contains("remote re-ran", StringComparison.Ordinal));
        // A valid notebook stays valid (some corpus notebooks are invalid as published; a merge may
        // repair them, by giving id-less nbformat 4.5 cells ids, but never breaks a valid one).
        var mergedProblems = NotebookValidator.Validate(Notebooks.ToBytes(result.Notebook), name).Problems;
        Assert.True(mergedProblems.Count == 0 || !NotebookValidator.Validate(Corpus.PathOf(name)).IsValid, string.Join("\n", mergedProblems));
    }

    [Fact]
    public void The_same_edit_on_both_sides_is_taken_once()
    {
        var baseSources = Sources(5);
        var edited = baseSources.ToList();
        edited[3] += "\nprint('both')";
        edited.Insert(1, "both_inserted = 1");
        var result = NotebookMerge.Merge(Build(baseSources), Build(edited), Build(edited.ToList()));
        Assert.True(result.IsClean);
        Assert.Equal(edited, result.Notebook.Cells.Select(c => c.Source));
    }

    [Fact]
    public void Sync_records_both_sides_changed_are_dropped_not_a_conflict()
    {
        static Notebook Synced(List<string> sources, string digest)
        {
            var notebook = Build(sources);
            notebook.Metadata["nbtools"] = new JObject { ["sync"] = new JObject { ["ipynb"] = digest, ["py:percent"] = digest } };
            return notebook;
        }
        var baseSources = Sources(4);
        var local = baseSources.ToList();
        local[1] += "\nprint('local')";
        var remote = baseSources.ToList();
        remote[3] += "\nprint('remote')";
        var result = NotebookMerge.Merge(Synced(baseSources, "base"), Synced(local, "local"), Synced(remote, "remote"));
        Assert.True(result.IsClean);
        Assert.Null(result.Notebook.Metadata["nbtools"]);
        Assert.Equal([local[0], local[1], local[2], remote[3]], result.Notebook.Cells.Select(c => c.Source));

        // Only one side synced: its record is taken, as any one-sided metadata change.
        var oneSided = NotebookMerge.Merge(Synced(baseSources, "base"), Synced(local, "local"), Synced(remote, "base"));
        Assert.True(oneSided.IsClean);
        Assert.Equal("local", oneSided.Notebook.Metadata.SelectToken("nbtools.sync.ipynb")?.ToString());
    }

    [Fact]
    public void Deleting_a_cell_the_other_side_edited_keeps_it_as_a_conflict()
    {
        var baseSources = Sources(4);
        var local = baseSources.ToList();
        local.RemoveAt(2);
        var remote = baseSources.ToList();
        remote[2] += "\nprint('remote still needs this')";
        var result = NotebookMerge.Merge(Build(baseSources), Build(local), Build(remote));
        Assert.False(result.IsClean);
        Assert.Contains(result.Notebook.Cells, c => c.Source.Contains("print('remote still needs this')", StringComparison.Ordinal));
    }

    private static string Edited(string source, int who, Random random) =>
        random.Next(2) == 0 ? source + $"\nprint('edited by side {who}')" : source.Replace("print(", $"print('side {who}', ", StringComparison.Ordinal);

    private static string EditedOf(List<string> side, string baseSource)
    {
        var name = baseSource[..baseSource.IndexOf(' ', StringComparison.Ordinal)];
        return side.Single(s => s.StartsWith(name + " ", StringComparison.Ordinal));
    }

    private static List<string> Sources(int count) =>
        Enumerable.Range(0, count).Select(i => $"x{i} = {i}\ny{i} = x{i} ** 2\nprint(x{i}, y{i})").ToList();

    private static Notebook Build(IEnumerable<string> sources)
    {
        var cells = new JArray(sources.Select((s, i) => new JObject
        {
            ["cell_type"] = "code",
            ["execution_count"] = null,
            // A cell keeps its id when edited (as Jupyter does): the id is the cell's first name.
            ["id"] = "cell-" + s[..s.IndexOf(' ', StringComparison.Ordinal)],
            ["metadata"] = new JObject(),
            ["outputs"] = new JArray(),
            ["source"] = s,
        }));
        var json = new JObject { ["cells"] = cells, ["metadata"] = new JObject(), ["nbformat"] = 4, ["nbformat_minor"] = 5 };
        return Notebooks.Read(System.Text.Encoding.UTF8.GetBytes(json.ToString()), "generated.ipynb");
    }
}
