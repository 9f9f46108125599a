using Microsoft.DotNet.Interactive.Commands;

namespace NbTools.Interactive.Magics;

/// <summary><c>#!experiment NAME [--run-name R] [--tracking-uri URI] [--source PATH] [--on-cell-error tag|fail|ignore]</c>.</summary>
public sealed class StartExperimentCommand : KernelDirectiveCommand
{
    /// <summary>The experiment's name (created when the store has none of that name).</summary>
    public string Name { get; set; } = "";

    /// <summary>The run's name.</summary>
    public string? RunName { get; set; }

    /// <summary>The store: a folder, a file: URI or an MLflow server's http(s):// URL (default: MLFLOW_TRACKING_URI, else ./mlruns).</summary>
    public string? TrackingUri { get; set; }

    /// <summary>The notebook the run comes from (its path, content digest and git state are recorded).</summary>
    public string? Source { get; set; }

    /// <summary>tag (default), fail or ignore: what a failed cell does to the open run.</summary>
    public string? OnCellError { get; set; }
}
