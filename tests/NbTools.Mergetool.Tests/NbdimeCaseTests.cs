using NbTools.Core;
using NbTools.Core.Merging;
using NbTools.Core.Validation;

namespace NbTools.Mergetool.Tests;

/// <summary>
/// Every conflicting nbdime merge case resolved through the page in headless Chromium – one click
/// per conflict, then Save – gives the file the merge engine gives with the same choice as its
/// strategy, byte for byte, with no conflict record, valid against the schema.
/// </summary>
public sealed class NbdimeCaseTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    [Fact]
    public void There_are_conflicting_cases_to_resolve()
    {
        Assert.True(Cases.Conflicting().Count >= 10, "expected most of nbdime's merge cases to conflict");
    }

    public static TheoryData<string, string> CasesAndChoices()
    {
        var data = new TheoryData<string, string>();
        foreach (var name in Cases.Conflicting())
        {
            foreach (var choice in new[] { "local", "remote", "base", "local-then-remote" }) data.Add(name, choice);
        }
        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(CasesAndChoices))]
    public async Task Resolving_every_conflict_one_way_through_the_page_gives_that_strategys_merge(string name, string choice)
    {
        using var temp = new TempFolder();
        var merged = temp.File("merged.ipynb");
        using var session = Mergetool.StartMerge(Cases.Request(name, merged));
        await using (var page = await MergePage.OpenAsync(chromium.Browser, session.Url))
        {
            var conflicts = await page.ConflictsAsync();
            var (b, l, r) = Cases.Read(name);
            Assert.Equal(NotebookMerge.Merge(b, l, r).Conflicts.Count, conflicts.Count);
            Assert.Equal(conflicts.Count, await page.UnresolvedAsync());
            for (var i = 0; i < conflicts.Count; i++)
            {
                Assert.False(await page.SaveEnabledAsync()); // Save waits until no conflict is left
                await page.ChooseAsync(i, Fallback(choice, conflicts[i]));
                Assert.Equal(conflicts.Count - i - 1, await page.UnresolvedAsync());
            }
            Assert.True(await page.SaveEnabledAsync());
            Assert.StartsWith("Saved", await page.SaveAsync());
        }
        Assert.Equal(0, await session.Completion);

        var (b2, l2, r2) = Cases.Read(name);
        var expected = NotebookMerge.Merge(b2, l2, r2, MergeOptions.For(Strategy(choice)) with { Outputs = MergeStrategy.Ours });
        Assert.True(expected.IsClean, $"the engine's {choice} strategy left conflicts in {name}");
        Assert.Equal(Notebooks.ToBytes(expected.Notebook), File.ReadAllBytes(merged));
        Assert.True(NotebookValidator.Validate(merged).IsValid);
        Assert.True(NotebookMerge.Conflicts(Notebooks.Read(merged)).IsClear);
    }

    [SkippableFact]
    public async Task Both_remote_first_and_an_edit_go_into_the_saved_notebook()
    {
        using var temp = new TempFolder();
        var merged = temp.File("merged.ipynb");
        const string name = "ui-merge_test3"; // two source conflicts
        using var session = Mergetool.StartMerge(Cases.Request(name, merged));
        await using (var page = await MergePage.OpenAsync(chromium.Browser, session.Url))
        {
            Assert.Equal(2, (await page.ConflictsAsync()).Count);
            await page.ChooseAsync(0, "remote-then-local");
            await page.EditAsync(1, "urls = ['https://example.org/edited']");
            Assert.Equal(0, await page.UnresolvedAsync());
            Assert.StartsWith("Saved", await page.SaveAsync());
        }
        Assert.Equal(0, await session.Completion);

        var (b, l, r) = Cases.Read(name);
        var inline = NotebookMerge.Merge(b, l, r);
        var saved = Notebooks.Read(merged);
        var first = saved.Cells[inline.Conflicts[0].Cell].Source;
        // Both sides' versions of the conflicting lines, remote's first; the change only remote made is in too.
        var remoteLine = first.IndexOf("import tarfile", StringComparison.Ordinal);
        var localLine = first.IndexOf("import numpy as np", StringComparison.Ordinal);
        Assert.True(remoteLine >= 0 && localLine > remoteLine, first);
        Assert.Contains("import zipfile", first, StringComparison.Ordinal);
        Assert.Contains("import superior as sup", first, StringComparison.Ordinal);
        Assert.DoesNotContain("<<<<<<<", first, StringComparison.Ordinal);
        Assert.Equal("urls = ['https://example.org/edited']", saved.Cells[inline.Conflicts[1].Cell].Source);
        Assert.True(NotebookValidator.Validate(merged).IsValid);
        Assert.True(NotebookMerge.Conflicts(saved).IsClear);

        // And the file is what the engine gives for the same decisions.
        var (b2, l2, r2) = Cases.Read(name);
        var decisions = new[] { new ConflictDecision(ConflictChoice.RemoteThenLocal), new ConflictDecision(ConflictChoice.Edit, "urls = ['https://example.org/edited']") };
        Assert.Equal(Notebooks.ToBytes(NotebookMerge.Merge(b2, l2, r2, new MergeOptions(Decisions: decisions)).Notebook), File.ReadAllBytes(merged));
    }

    [SkippableFact]
    public async Task A_metadata_value_edited_as_json_is_saved_and_text_that_is_no_json_is_refused()
    {
        using var temp = new TempFolder();
        var merged = temp.File("merged.ipynb");
        const string name = "mixed-conflicts"; // source, cell-metadata (tags) and notebook-metadata conflicts
        var (b, l, r) = Cases.Read(name);
        var inline = NotebookMerge.Merge(b, l, r).Conflicts.ToList();
        var tags = inline.FindIndex(c => c.Kind == "metadata" && c.Key == "tags");
        Assert.True(tags >= 0);
        using var session = Mergetool.StartMerge(Cases.Request(name, merged));
        await using (var page = await MergePage.OpenAsync(chromium.Browser, session.Url))
        {
            var conflicts = await page.ConflictsAsync();
            for (var i = 0; i < conflicts.Count; i++)
            {
                if (inline[i].Kind == "metadata") Assert.Contains("edit", conflicts[i].Choices);
                if (i != tags) await page.ChooseAsync(i, "local");
            }
            // The edit starts from local's value, as JSON.
            await page.ChooseAsync(tags, "edit");
            var start = await page.Page.InputValueAsync($"section.conflict[data-conflict=\"{tags}\"] textarea.edit");
            Assert.True(Newtonsoft.Json.Linq.JToken.DeepEquals(inline[tags].Sides!.LocalValue, Newtonsoft.Json.Linq.JToken.Parse(start)), start);
            await page.EditAsync(tags, "[\"open\"");
            var refused = await page.SaveAsync();
            Assert.StartsWith("Not saved", refused);
            Assert.Contains("metadata 'tags': the edited value is not JSON", refused);
            Assert.False(File.Exists(merged));
            await page.EditAsync(tags, "[\"reviewed\", \"merged\"]");
            Assert.StartsWith("Saved", await page.SaveAsync());
        }
        Assert.Equal(0, await session.Completion);

        var saved = Notebooks.Read(merged);
        Assert.Equal(new Newtonsoft.Json.Linq.JArray("reviewed", "merged"), saved.Cells[inline[tags].Cell].Metadata["tags"]);
        Assert.True(NotebookValidator.Validate(merged).IsValid);
        Assert.True(NotebookMerge.Conflicts(saved).IsClear);
        var (b2, l2, r2) = Cases.Read(name);
        var decisions = inline.Select((c, i) => i == tags ? new ConflictDecision(ConflictChoice.Edit, "[\"reviewed\", \"merged\"]") : new ConflictDecision(ConflictChoice.Local)).ToList();
        Assert.Equal(Notebooks.ToBytes(NotebookMerge.Merge(b2, l2, r2, new MergeOptions(Decisions: decisions)).Notebook), File.ReadAllBytes(merged));
    }

    /// <summary>
    /// The choice for a conflict that does not offer it: "both" of a metadata value is local's (as the
    /// union strategy keeps), and of a cell one side deleted and the other changed, the changed cell.
    /// </summary>
    private static string Fallback(string choice, (string Title, List<string> Choices) conflict)
    {
        if (conflict.Choices.Contains(choice)) return choice;
        Assert.Equal("local-then-remote", choice);
        return conflict.Title.Contains("local deleted", StringComparison.Ordinal) ? "remote" : "local";
    }

    private static MergeStrategy Strategy(string choice) => choice switch
    {
        "local" => MergeStrategy.Ours,
        "remote" => MergeStrategy.Theirs,
        "base" => MergeStrategy.Base,
        _ => MergeStrategy.Union,
    };
}
