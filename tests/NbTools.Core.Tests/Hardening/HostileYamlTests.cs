using System.Text;
using NbTools.Core.Formats.Text;

namespace NbTools.Core.Tests.Hardening;

/// <summary>
/// Finding 2: hostile YAML headers (alias loops, deep nesting, "billion laughs", keys that are not
/// scalars, unclosed flow collections) in a real notebook's percent text are refused with a one-line
/// error naming the file and line – without recursion and with bounded work: the refusal comes from
/// <see cref="YamlReader"/>'s node and depth limits, and the memory allocated stays small.
/// </summary>
public sealed class HostileYamlTests
{
    public static TheoryData<string, string, string> Headers()
    {
        var bomb = new List<string> { "lol0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]" };
        for (var k = 1; k <= 9; k++) bomb.Add($"lol{k}: &a{k} [{string.Join(",", Enumerable.Repeat($"*a{k - 1}", 9))}]");
        return new()
        {
            { "alias-loop", "loop: &a [*a]", "has an alias *a inside its own anchor (a loop)" },
            { "alias-loop-mapping", "loop: &m {self: *m}", "has an alias *m inside its own anchor (a loop)" },
            { "deep-flow", "deep: " + new string('[', 50_000) + new string(']', 50_000), $"nests deeper than {YamlReader.MaxDepth} levels" },
            { "deep-block", string.Join("\n", Enumerable.Range(0, 5_000).Select(i => new string(' ', i) + "k:")), $"nests deeper than {YamlReader.MaxDepth} levels" },
            { "billion-laughs", string.Join("\n", bomb), $"holds more than {YamlReader.MaxNodes:N0} values" },
            { "key-not-scalar", "? [a, b]\n: value", "has a key that is not a plain value" },
            { "unclosed-flow", "k: {a", "is not valid YAML" },
            { "duplicate-key", "k: 1\nk: 2", "has the key \"k\" twice" },
            { "undefined-alias", "k: *nowhere", "nowhere" },
        };
    }

    [Theory]
    [MemberData(nameof(Headers))]
    public void Hostile_header_in_a_real_percent_script_is_refused_with_bounded_work(string name, string yaml, string expected)
    {
        var text = WithHeader(yaml);
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<NotebookFormatException>(() => Core.Notebooks.Read(text, name + ".py"));
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;

        Assert.StartsWith($"{name}.py: the YAML header", error.Message);
        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.NotNull(error.Line);
        Assert.True(allocated < 256L << 20, $"refusing {name} allocated {allocated >> 20} MiB");
    }

    [Fact]
    public void An_alias_within_budget_is_expanded_like_PyYAML()
    {
        var text = WithHeader("base: &b {a: 1, b: [x, y]}\ncopy: *b");
        var cell = Assert.Single(Core.Notebooks.Read(text, "nb.py").Cells, c => c.CellType == Model.CellType.Raw);
        Assert.Contains("copy: *b", cell.Source);
        var parsed = YamlHeader.Parse(["base: &b {a: 1, b: [x, y]}", "copy: *b"]);
        Assert.Equal(parsed["base"]!.ToString(), parsed["copy"]!.ToString());
    }

    /// <summary>A real notebook's percent script with extra YAML lines added to its header.</summary>
    private static byte[] WithHeader(string yaml)
    {
        var notebook = Core.Notebooks.Read(Corpus.PathOf("papermill__simple_output.ipynb"));
        var lines = Encoding.UTF8.GetString(Core.Notebooks.ToBytes(notebook, "py")).Split('\n').ToList();
        Assert.Equal("# ---", lines[0]);
        lines.InsertRange(1, yaml.Split('\n').Select(l => "# " + l));
        return Encoding.UTF8.GetBytes(string.Join("\n", lines));
    }
}
