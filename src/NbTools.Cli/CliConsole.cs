namespace NbTools.Cli;

/// <summary>Where the CLI writes: text streams for messages and a binary stream for file content on <c>-o -</c>.</summary>
/// <param name="Out">Standard output (text).</param>
/// <param name="Error">Standard error (text).</param>
/// <param name="OpenStandardOutput">Opens standard output for raw bytes.</param>
public sealed record CliConsole(TextWriter Out, TextWriter Error, Func<Stream> OpenStandardOutput)
{
    /// <summary>The process's own console.</summary>
    public static CliConsole System => new(Console.Out, Console.Error, Console.OpenStandardOutput);

    /// <summary>Writes raw bytes to standard output (after flushing pending text).</summary>
    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        Out.Flush();
        using var stream = OpenStandardOutput();
        stream.Write(bytes);
        stream.Flush();
    }
}
