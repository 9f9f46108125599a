using NbTools.Core.Model;

namespace NbTools.Core.Formats;

/// <summary>A notebook file format: its name, the file extensions it owns, and Read / Write.</summary>
public interface INotebookFormat
{
    /// <summary>Short name used on the command line (<c>--to NAME</c>).</summary>
    string Name { get; }

    /// <summary>File extensions, with the dot, lower case.</summary>
    IReadOnlyList<string> Extensions { get; }

    /// <summary>Reads a notebook from a file's bytes; <paramref name="file"/> names it in errors.</summary>
    Notebook Read(byte[] content, string file);

    /// <summary>Writes a notebook in this format to a stream.</summary>
    void Write(Notebook notebook, Stream output);
}
