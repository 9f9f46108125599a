namespace NbTools.Core.Diffing.Notebook;

/// <summary>What a notebook diff compares (nbdime's -s -o -m -i -a, plus execution counts and volatile metadata).</summary>
/// <param name="Sources">Cell sources (and cell types).</param>
/// <param name="Outputs">Cell outputs.</param>
/// <param name="Metadata">Notebook and cell metadata.</param>
/// <param name="Ids">Cell ids.</param>
/// <param name="Attachments">Markdown/raw cell attachments.</param>
/// <param name="ExecutionCounts">Execution counts of cells and results.</param>
/// <param name="VolatileMetadata">Editor bookkeeping in metadata (execution timing, collapsed, scrolled, trusted, …).</param>
public sealed record DiffOptions(
    bool Sources = true,
    bool Outputs = true,
    bool Metadata = true,
    bool Ids = true,
    bool Attachments = true,
    bool ExecutionCounts = false,
    bool VolatileMetadata = false)
{
    /// <summary>The default: everything but execution counts and volatile metadata.</summary>
    public static DiffOptions Default { get; } = new();

    /// <summary>Everything, exactly (applying such a diff rebuilds the new notebook whole).</summary>
    public static DiffOptions Everything { get; } = new(ExecutionCounts: true, VolatileMetadata: true);

    /// <summary>What git's diff driver shows: sources and meaningful metadata.</summary>
    public static DiffOptions Git { get; } = new(Outputs: false, Ids: false, Attachments: false);

    /// <summary>Metadata keys that are editor bookkeeping rather than content.</summary>
    public static readonly HashSet<string> VolatileKeys =
    [
        "execution", "ExecuteTime", "collapsed", "scrolled", "autoscroll", "trusted", "jupyter", "papermill",
        "vscode", "executionInfo", "outputId", "lines_to_next_cell",
    ];
}
