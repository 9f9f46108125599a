using NbTools.Core.Formats.Text;
using NbTools.Core.Model;

namespace NbTools.Core.Formats.Myst;

/// <summary>A notebook as MyST Markdown (jupytext's <c>md:myst</c> format). See README.md beside this file.</summary>
public sealed class MystFormat(TextFormatOptions? options = null) : INotebookFormat
{
    private readonly TextFormatOptions options = options ?? TextFormatOptions.Default;

    /// <inheritdoc />
    public string Name => "md:myst";

    /// <inheritdoc />
    public IReadOnlyList<string> Extensions { get; } = [".md"];

    /// <inheritdoc />
    public Notebook Read(byte[] content, string file) => new MystReader(file).Read(TextDecoding.Decode(content, file));

    /// <inheritdoc />
    public void Write(Notebook notebook, Stream output) => new MystWriter(options).Write(notebook, output);
}
