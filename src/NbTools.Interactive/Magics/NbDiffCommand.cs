using Microsoft.DotNet.Interactive.Commands;

namespace NbTools.Interactive.Magics;

/// <summary><c>#!nbdiff PATH [--rev REV]</c>.</summary>
public sealed class NbDiffCommand : KernelDirectiveCommand
{
    /// <summary>The notebook on disk.</summary>
    public string Path { get; set; } = "";

    /// <summary>The git revision to compare with (default HEAD).</summary>
    public string? Rev { get; set; }
}
