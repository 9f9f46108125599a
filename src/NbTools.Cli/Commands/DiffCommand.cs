using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text;
using NbTools.Core;
using NbTools.Core.Diffing.Notebook;
using NbTools.Core.Git;
using NbTools.Core.IO;
using NbTools.Core.Rendering.Html;
using NbTools.Core.Rendering.Json;
using NbTools.Core.Rendering.Terminal;
using NbTools.Core.Rendering.Unified;

namespace NbTools.Cli.Commands;

/// <summary><c>nbtools diff A B</c> and <c>nbtools diff [REV [REV2]] -- PATH...</c>.</summary>
public static class DiffCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliConsole console)
    {
        var targets = new Argument<string[]>("targets")
        {
            Description = "Two notebooks (A B), or: [REV [REV2]] -- PATH... to compare with git (default: the working tree against HEAD).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var format = new Option<string>("--format", "-f") { Description = "terminal (default), unified, json (nbdime's diff format) or html (one self-contained page).", DefaultValueFactory = _ => "terminal" };
        format.AcceptOnlyFromAmong("terminal", "unified", "json", "html");
        var output = new Option<string?>("--out") { Description = "Write the diff to this file (atomically) instead of standard output; never one of the notebooks compared." };
        var color = new Option<string>("--color") { Description = "auto (default: colour on a terminal unless NO_COLOR is set), always or never.", DefaultValueFactory = _ => "auto" };
        color.AcceptOnlyFromAmong("auto", "always", "never");
        var sources = new Option<bool>("--sources", "-s") { Description = "Compare sources (with -o -m -i -a: only the parts named)." };
        var outputs = new Option<bool>("--outputs", "-o") { Description = "Compare outputs." };
        var metadata = new Option<bool>("--metadata", "-m") { Description = "Compare metadata." };
        var ids = new Option<bool>("--ids", "-i") { Description = "Compare cell ids." };
        var attachments = new Option<bool>("--attachments", "-a") { Description = "Compare attachments." };
        var ignoreSources = new Option<bool>("--ignore-sources", "-S") { Description = "Leave sources out." };
        var ignoreOutputs = new Option<bool>("--ignore-outputs", "-O") { Description = "Leave outputs out." };
        var ignoreMetadata = new Option<bool>("--ignore-metadata", "-M") { Description = "Leave metadata out." };
        var ignoreIds = new Option<bool>("--ignore-ids", "-I") { Description = "Leave cell ids out." };
        var ignoreAttachments = new Option<bool>("--ignore-attachments", "-A") { Description = "Leave attachments out." };
        var executionCounts = new Option<bool>("--execution-counts") { Description = "Also compare execution counts (left out by default)." };
        var volatileMetadata = new Option<bool>("--volatile-metadata") { Description = "Also compare editor bookkeeping in metadata (execution timing, collapsed, scrolled, trusted, vscode…)." };
        var command = new Command("diff",
            "Show what changed between two notebooks, cell by cell: cells are aligned by id, content and similarity (moves shown as moves), sources line by line with changed words highlighted, outputs per mime type, metadata per key. " +
            "By default everything but execution counts and volatile metadata is compared. Exit 0 when equal, 1 when different, 2 on error.")
        {
            targets, format, output, color, sources, outputs, metadata, ids, attachments,
            ignoreSources, ignoreOutputs, ignoreMetadata, ignoreIds, ignoreAttachments, executionCounts, volatileMetadata,
        };
        command.SetAction(parse =>
        {
            var only = new[] { sources, outputs, metadata, ids, attachments }.Any(o => parse.GetValue(o));
            bool Part(Option<bool> include, Option<bool> ignore) => (only ? parse.GetValue(include) : true) && !parse.GetValue(ignore);
            var options = new DiffOptions(
                Part(sources, ignoreSources), Part(outputs, ignoreOutputs), Part(metadata, ignoreMetadata), Part(ids, ignoreIds), Part(attachments, ignoreAttachments),
                parse.GetValue(executionCounts), parse.GetValue(volatileMetadata));
            var pairs = Pairs(parse, parse.GetValue(targets) ?? []);
            if (parse.GetValue(output) is { } outFile && (parse.GetValue(targets) ?? []).FirstOrDefault(t => File.Exists(t) && FilePaths.Same(t, outFile)) is { } input)
            {
                throw new NbToolsException($"{outFile}: is the notebook {input} being compared; --out would replace it. Write the diff elsewhere");
            }
            var useColor = parse.GetValue(color) switch
            {
                "always" => true,
                "never" => false,
                _ => parse.GetValue(output) is null && Environment.GetEnvironmentVariable("NO_COLOR") is null or "" && !Console.IsOutputRedirected,
            };
            var text = new StringBuilder();
            var different = false;
            foreach (var (oldName, oldNotebook, newName, newNotebook) in pairs)
            {
                var diff = NotebookDiff.Compute(oldNotebook, newNotebook, options);
                PhaseGarbage.Collect(oldNotebook, newNotebook);
                different |= !diff.IsEmpty;
                text.Append(parse.GetValue(format) switch
                {
                    "json" => JsonRenderer.Render(diff),
                    "unified" => UnifiedRenderer.Render(oldNotebook, newNotebook, oldName, newName, options),
                    "html" => HtmlRenderer.Render(diff, oldNotebook, oldName, newName),
                    _ => diff.IsEmpty ? "" : TerminalRenderer.Render(diff, oldNotebook, oldName, newName, useColor),
                });
                // Large notebooks were read from their files as the diff went: not a diff of two files if one changed meanwhile.
                Notebooks.EnsureUnchanged(oldNotebook, newNotebook);
            }
            if (parse.GetValue(output) is { } file) AtomicFile.Write(file, Encoding.UTF8.GetBytes(text.ToString()));
            else console.Out.Write(text.ToString());
            return different ? ExitCodes.Different : ExitCodes.Success;
        });
        return command;
    }

    private static List<(string, Core.Model.Notebook, string, Core.Model.Notebook)> Pairs(ParseResult parse, string[] targets)
    {
        var gitMode = parse.Tokens.Any(t => t.Type == TokenType.DoubleDash);
        if (!gitMode)
        {
            if (targets.FirstOrDefault(Directory.Exists) is { } folder)
            {
                throw new NbToolsException($"{folder} is a folder; to compare the notebooks in it with git, write: nbtools diff -- {folder}");
            }
            if (targets.Length != 2) throw new NbToolsException("diff takes two notebooks (A B), or [REV [REV2]] -- PATH... to compare with git");
            var read = Notebooks.ReadAll(targets[0], targets[1]);
            return [(targets[0], read[0], targets[1], read[1])];
        }
        var dash = Array.FindIndex(parse.Tokens.ToArray(), t => t.Type == TokenType.DoubleDash);
        var beforeDash = parse.Tokens.Take(dash).Select(t => t.Value).Where(targets.Contains).ToList();
        var paths = ExpandPaths(targets.Skip(beforeDash.Count), beforeDash.Count > 0 ? beforeDash[0] : "HEAD", beforeDash.Count > 1 ? beforeDash[1] : null);
        if (beforeDash.Count > 2) throw new NbToolsException("diff takes at most two revisions before --");
        if (paths.Count == 0) throw new NbToolsException("name the notebooks to compare after --");
        var oldRev = beforeDash.Count > 0 ? beforeDash[0] : "HEAD";
        var newRev = beforeDash.Count > 1 ? beforeDash[1] : null;
        var result = new List<(string, Core.Model.Notebook, string, Core.Model.Notebook)>();
        foreach (var path in paths)
        {
            var oldBytes = GitBlobs.Show(oldRev, path);
            // The working copy as git sees it: through the clean filter (outputs stripped when the strip filter is installed).
            var newBytes = newRev is null ? (File.Exists(path) ? CleanFilter.Apply(path, InputFiles.ReadAllBytes(path)) : null) : GitBlobs.Show(newRev, path);
            if (oldBytes is null && newBytes is null) throw new NbToolsException($"{path}: neither in {oldRev} nor in {newRev ?? "the working tree"}");
            var oldName = $"{oldRev}:{path}";
            var newName = newRev is null ? path : $"{newRev}:{path}";
            result.Add((oldName, oldBytes is null ? new Core.Model.Notebook() : Notebooks.Read(oldBytes, path),
                        newName, newBytes is null ? new Core.Model.Notebook() : Notebooks.Read(newBytes, path)));
        }
        return result;
    }

    /// <summary>
    /// Folders and globs after <c>--</c> become the notebooks git knows in them (in either revision or
    /// the working tree), as git's own pathspecs match them; a plain file path stays as it is.
    /// </summary>
    private static List<string> ExpandPaths(IEnumerable<string> paths, string oldRev, string? newRev)
    {
        var expanded = new List<string>();
        foreach (var path in paths)
        {
            if (!Directory.Exists(path) && path.IndexOfAny(['*', '?', '[']) < 0)
            {
                expanded.Add(path);
                continue;
            }
            var found = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var rev in new[] { oldRev, newRev }.OfType<string>()) found.UnionWith(GitLines("ls-tree", "-r", "--name-only", rev, "--", path));
            if (newRev is null) found.UnionWith(GitLines("ls-files", "--cached", "--others", "--exclude-standard", "--", path));
            var notebooks = found.Where(f => f.EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase)).ToList();
            if (notebooks.Count == 0) throw new NbToolsException($"{path}: no notebooks (.ipynb) there in {oldRev}{(newRev is null ? " or the working tree" : " or " + newRev)}");
            expanded.AddRange(notebooks);
        }
        return expanded.Distinct(StringComparer.Ordinal).ToList();
    }

    private static IEnumerable<string> GitLines(params string[] args)
    {
        var (code, output, error) = GitBlobs.Run(null, args);
        if (code != 0) throw new NbToolsException($"git {args[0]}: {error.Trim().Split('\n')[0]}");
        return Encoding.UTF8.GetString(output).Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
