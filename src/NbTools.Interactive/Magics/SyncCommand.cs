using Microsoft.DotNet.Interactive.Commands;

namespace NbTools.Interactive.Magics;

/// <summary><c>#!sync [PATH] [--check] [--prefer text|ipynb]</c>.</summary>
public sealed class SyncCommand : KernelDirectiveCommand
{
    /// <summary>A paired notebook, one of its texts, or a folder (default: the current folder).</summary>
    public string? Path { get; set; }

    /// <summary>Change nothing; list the pairs that are out of date.</summary>
    public bool Check { get; set; }

    /// <summary>text or ipynb: which side wins when both changed since the last sync.</summary>
    public string? Prefer { get; set; }
}
