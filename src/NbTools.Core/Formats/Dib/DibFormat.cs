using System.Text;
using NbTools.Core.Formats.Text;
using NbTools.Core.Model;

namespace NbTools.Core.Formats.Dib;

/// <summary>Polyglot Notebooks' plain-text .dib format. See README.md beside this file.</summary>
public sealed class DibFormat(TextFormatOptions? options = null) : INotebookFormat
{
    private readonly TextFormatOptions options = options ?? TextFormatOptions.Default;

    /// <inheritdoc />
    public string Name => "dib";

    /// <inheritdoc />
    public IReadOnlyList<string> Extensions { get; } = [".dib"];

    /// <inheritdoc />
    public Notebook Read(byte[] content, string file) => new DibReader(file).Read(TextDecoding.Decode(content, file));

    /// <inheritdoc />
    public void Write(Notebook notebook, Stream output) =>
        new DibWriter(options).Write(notebook, output);
}
