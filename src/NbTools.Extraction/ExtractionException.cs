using NbTools.Core;

namespace NbTools.Extraction;

/// <summary>Input extraction cannot use (no C# cells, a cell that does not parse, a bad name, a folder that is not ours); nothing was written.</summary>
public sealed class ExtractionException : NbToolsException
{
    /// <summary>Creates the error with a complete, one-line message.</summary>
    public ExtractionException(string message, Exception? inner = null) : base(message, inner) { }
}
