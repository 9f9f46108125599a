using System.Text.RegularExpressions;

namespace NbTools.Cli.Tests;

/// <summary>
/// The documentation a newcomer reads: README stays short and keeps the test command CI runs, and every
/// relative link in README.md and docs/ leads to a file or folder inside the repository.
/// </summary>
public sealed partial class DocumentationTests
{
    private static readonly string Root = FindRoot();

    [Fact]
    public void Readme_is_at_most_200_lines()
    {
        var lines = File.ReadAllLines(Path.Combine(Root, "README.md")).Length;
        Assert.True(lines <= 200, $"README.md has {lines} lines; keep it at 200 or fewer and move detail into docs/");
    }

    [Fact]
    public void Readme_keeps_the_test_command()
    {
        var lines = File.ReadAllLines(Path.Combine(Root, "README.md"));
        Assert.Contains(lines, line => line.TrimStart().StartsWith("./tests/run-all.sh", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.TrimStart().StartsWith("./samples/demo.sh", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_relative_link_resolves_inside_the_repository()
    {
        var files = new[] { Path.Combine(Root, "README.md") }
            .Concat(Directory.EnumerateFiles(Path.Combine(Root, "docs"), "*.md", SearchOption.AllDirectories))
            .ToList();
        var checkedLinks = 0;
        var broken = new List<string>();
        foreach (var file in files)
        {
            foreach (var (line, target) in RelativeLinks(File.ReadAllText(file)))
            {
                checkedLinks++;
                if (Problem(file, target) is { } problem)
                    broken.Add($"{Path.GetRelativePath(Root, file)}:{line}: {target}: {problem}");
            }
        }

        Assert.True(checkedLinks > 20, $"only {checkedLinks} relative links found in {files.Count} files: is the link reader broken?");
        Assert.True(broken.Count == 0, "broken links:\n" + string.Join("\n", broken));
    }

    [Theory]
    [InlineData("See [the design](../shared/DESIGN.md).", "../shared/DESIGN.md", "outside the repository")]
    [InlineData("![logo](docs/images/none.png)", "docs/images/none.png", "no such file or folder")]
    [InlineData("[ok](docs/README.md#pages) and [web](https://example.org/x.md)", null, null)]
    [InlineData("`[not a link](missing.md)` and\n```\n[in a fence](missing.md)\n```", null, null)]
    public void The_link_check_itself_finds_escaping_and_missing_targets(string markdown, string? target, string? problem)
    {
        var readme = Path.Combine(Root, "README.md");
        var found = RelativeLinks(markdown).Select(link => (link.Target, Problem: Problem(readme, link.Target))).Where(l => l.Problem is not null).ToList();
        if (target is null)
        {
            Assert.Empty(found);
            return;
        }

        var single = Assert.Single(found);
        Assert.Equal(target, single.Target);
        Assert.Equal(problem, single.Problem);
    }

    /// <summary>Markdown links and images outside code, with their line numbers; web and mail links left out.</summary>
    private static IEnumerable<(int Line, string Target)> RelativeLinks(string markdown)
    {
        var inFence = false;
        var lines = markdown.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var text = lines[i].TrimEnd('\r');
            if (text.TrimStart().StartsWith("```", StringComparison.Ordinal) || text.TrimStart().StartsWith("~~~", StringComparison.Ordinal))
            {
                inFence = !inFence;
                continue;
            }

            if (inFence) continue;
            var prose = CodeSpan().Replace(text, "");
            var targets = InlineLink().Matches(prose).Select(m => m.Groups["target"].Value)
                .Concat(ReferenceDefinition().Matches(prose).Select(m => m.Groups["target"].Value));
            foreach (var target in targets)
            {
                if (Regex.IsMatch(target, "^(https?|mailto):", RegexOptions.IgnoreCase)) continue;
                yield return (i + 1, target);
            }
        }
    }

    /// <summary>Why a link from <paramref name="file"/> does not resolve inside the repository, or null.</summary>
    private static string? Problem(string file, string target)
    {
        var path = Uri.UnescapeDataString(target.Split('#', 2)[0].Split('?', 2)[0]);
        if (path.Length == 0) return null; // an anchor in the same page
        if (Path.IsPathRooted(path) || Regex.IsMatch(path, "^[a-z][a-z0-9+.-]*:", RegexOptions.IgnoreCase))
            return "not a relative path inside the repository";
        var full = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, path));
        var relative = Path.GetRelativePath(Root, full);
        if (relative == ".." || relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) || Path.IsPathRooted(relative))
            return "outside the repository";
        return File.Exists(full) || Directory.Exists(full) ? null : "no such file or folder";
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "NbTools.sln"))) return dir.FullName;
        throw new InvalidOperationException($"NbTools.sln not found above {AppContext.BaseDirectory}");
    }

    [GeneratedRegex(@"`+[^`]*`+")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?(?<target>[^)\s>]+)>?(?:\s+""[^""]*"")?\s*\)")]
    private static partial Regex InlineLink();

    [GeneratedRegex(@"^\s{0,3}\[[^\]]+\]:\s*<?(?<target>[^\s>]+)>?")]
    private static partial Regex ReferenceDefinition();
}
