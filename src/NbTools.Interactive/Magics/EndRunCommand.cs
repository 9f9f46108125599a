using Microsoft.DotNet.Interactive.Commands;

namespace NbTools.Interactive.Magics;

/// <summary><c>#!end-run [--status finished|failed|killed]</c>.</summary>
public sealed class EndRunCommand : KernelDirectiveCommand
{
    /// <summary>finished (default), failed or killed.</summary>
    public string? Status { get; set; }
}
