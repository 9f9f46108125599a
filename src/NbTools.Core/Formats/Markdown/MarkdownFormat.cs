using System.Text;
using NbTools.Core.Formats.Text;
using NbTools.Core.Model;

namespace NbTools.Core.Formats.Markdown;

/// <summary>A notebook as Markdown (jupytext's <c>md</c> format). See README.md beside this file.</summary>
public sealed class MarkdownFormat(TextFormatOptions? options = null) : INotebookFormat
{
    private readonly TextFormatOptions options = options ?? TextFormatOptions.Default;

    /// <inheritdoc />
    public string Name => "md";

    /// <inheritdoc />
    public IReadOnlyList<string> Extensions { get; } = [".md"];

    /// <inheritdoc />
    public Notebook Read(byte[] content, string file) => new MarkdownReader(file).Read(TextDecoding.Decode(content, file));

    /// <inheritdoc />
    public void Write(Notebook notebook, Stream output) =>
        new MarkdownWriter(options).Write(notebook, output);
}
