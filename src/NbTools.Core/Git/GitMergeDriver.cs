using NbTools.Core.IO;
using NbTools.Core.Merging;
using NbTools.Core.Model;

namespace NbTools.Core.Git;

/// <summary>
/// git's merge driver: merges %O %A %B and writes the result over %A (atomically). Shared by
/// <c>nbtools git merge-driver</c> and the native <c>nbtools-git</c>.
/// </summary>
public static class GitMergeDriver
{
    /// <summary>The strategy names the merge options accept.</summary>
    public static readonly IReadOnlyList<string> StrategyNames = ["inline", "ours", "theirs", "base", "union"];

    /// <summary>The names <c>--output-strategy</c> accepts: outputs never conflict, so no inline or union.</summary>
    public static readonly IReadOnlyList<string> OutputStrategyNames = ["ours", "theirs", "base"];

    /// <summary>
    /// The merge options of <c>--strategy</c>, its per-part overrides (null: not given) and the marker
    /// labels, as both <c>nbtools</c> and <c>nbtools-git</c> read them.
    /// </summary>
    public static MergeOptions Options(string strategy, string? sources, string? outputs, string? metadata, string? localLabel, string? remoteLabel)
    {
        var options = MergeOptions.For(Strategy(strategy));
        if (sources is not null) options = options with { Sources = Strategy(sources) };
        if (outputs is not null) options = options with { Outputs = Strategy(outputs) };
        if (metadata is not null) options = options with { Metadata = Strategy(metadata) };
        return options with { LocalLabel = Label(localLabel, "local"), RemoteLabel = Label(remoteLabel, "remote") };
    }

    /// <summary>Merges the three files and writes the result to <paramref name="localPath"/>.</summary>
    public static MergeResult Run(string basePath, string localPath, string remotePath, MergeOptions options)
    {
        // Large notebooks are read through a window and left in their files, as `nbtools merge` reads them.
        var noBase = File.Exists(basePath) && new FileInfo(basePath).Length == 0;
        var frame = noBase ? localPath : basePath;
        var read = InParallel.Run(InParallel.Large(frame, localPath, remotePath),
            () => Notebooks.ReadLarge(frame, "ipynb"),
            () => Notebooks.ReadLarge(localPath, "ipynb"),
            () => Notebooks.ReadLarge(remotePath, "ipynb"));
        var result = Merge(read, noBase, options);
        PhaseGarbage.Collect(read);
        // Streamed into the temporary file, which then replaces the local file: the merged notebook
        // copies from the local file's old bytes, still open, while it is written.
        AtomicFile.WriteIfChanged(localPath, stream => Notebooks.Write(result.Notebook, stream), compare: false);
        return result;
    }

    /// <summary>
    /// Merges three <c>.ipynb</c> files given as bytes (each with the path that names it in errors). An
    /// empty base – git's "no common ancestor", both sides added the file – is the local file's frame
    /// with no cells.
    /// </summary>
    public static MergeResult Merge((byte[] Bytes, string Path) @base, (byte[] Bytes, string Path) local, (byte[] Bytes, string Path) remote, MergeOptions options)
    {
        var noBase = @base.Bytes.Length == 0;
        var frame = noBase ? local : @base;
        var read = InParallel.Run(InParallel.Large(@base.Bytes.Length, local.Bytes.Length, remote.Bytes.Length),
            () => Notebooks.Read(frame.Bytes, frame.Path, "ipynb"),
            () => Notebooks.Read(local.Bytes, local.Path, "ipynb"),
            () => Notebooks.Read(remote.Bytes, remote.Path, "ipynb"));
        return Merge(read, noBase, options);
    }

    /// <summary>Merges the three notebooks read; with no base, the first is the local notebook, whose cells are then dropped.</summary>
    private static MergeResult Merge(Model.Notebook[] read, bool noBase, MergeOptions options)
    {
        if (noBase) read[0].Cells.Clear();
        return NotebookMerge.Merge(read[0], read[1], read[2], options);
    }

    /// <summary>The strategy a name stands for (one of <see cref="StrategyNames"/>).</summary>
    public static MergeStrategy Strategy(string name) => name switch
    {
        "ours" => MergeStrategy.Ours,
        "theirs" => MergeStrategy.Theirs,
        "base" => MergeStrategy.Base,
        "union" => MergeStrategy.Union,
        _ => MergeStrategy.Inline,
    };

    /// <summary>A conflict-marker label; git before 2.44 knows no %X/%Y and passes them through as they are: then the default.</summary>
    public static string Label(string? given, string fallback) =>
        string.IsNullOrWhiteSpace(given) || given is "%X" or "%Y" || given.Any(char.IsControl) ? fallback : given.Trim();

    /// <summary>One line per conflict, naming the file when git's driver merges one of many.</summary>
    public static IEnumerable<string> ConflictLines(MergeResult result, string? file = null)
    {
        var prefix = file is null ? "nbtools: " : $"nbtools: {file}: ";
        foreach (var conflict in result.Conflicts)
        {
            var where = conflict.Cell >= 0 ? $"cell {conflict.Cell + 1}" : "notebook metadata";
            yield return $"{prefix}conflict: {where}: {conflict.Kind}{(conflict.Key is null ? "" : $" ({conflict.Key})")}";
        }
    }
}
