namespace NbTools.Core;

/// <summary>
/// Base of every error NbTools reports about its input: the message says what is wrong, where
/// (file, line, position or JSON path) and, where possible, how to fix it. The CLI prints it as
/// <c>nbtools: error: ...</c> and exits with code 2.
/// </summary>
public class NbToolsException : Exception
{
    /// <summary>Creates an error with a complete, user-facing message.</summary>
    public NbToolsException(string message, Exception? inner = null) : base(message, inner) { }
}
