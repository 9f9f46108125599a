using System.Text;

namespace NbTools.Core.Formats.Text;

/// <summary>
/// Writes text notebooks line by line (LF line breaks, a final line break) straight to a stream as
/// UTF-8, so a large notebook's text is never held whole in memory.
/// </summary>
internal sealed class LineSink : IDisposable
{
    private readonly StreamWriter writer;

    public LineSink(Stream stream) => writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };

    public void Add(string line)
    {
        writer.Write(line);
        writer.Write('\n');
    }

    public void AddRange(IEnumerable<string> lines)
    {
        foreach (var line in lines) Add(line);
    }

    public void Dispose() => writer.Dispose();
}
