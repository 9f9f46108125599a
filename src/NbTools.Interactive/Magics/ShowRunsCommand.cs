using Microsoft.DotNet.Interactive.Commands;

namespace NbTools.Interactive.Magics;

/// <summary><c>#!runs [--experiment NAME] [--compare ID…] [--tracking-uri URI]</c>.</summary>
public sealed class ShowRunsCommand : KernelDirectiveCommand
{
    /// <summary>Only this experiment's runs.</summary>
    public string? Experiment { get; set; }

    /// <summary>Two or more run ids (or unique prefixes) to compare side by side, separated by commas or spaces.</summary>
    public string? Compare { get; set; }

    /// <summary>The store (default: MLFLOW_TRACKING_URI, else ./mlruns).</summary>
    public string? TrackingUri { get; set; }
}
