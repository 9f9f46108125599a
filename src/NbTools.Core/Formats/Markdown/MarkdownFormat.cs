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
    /// <remarks>A MyST notebook (its header names the format, or it has <c>{code-cell}</c> fences) is read as MyST, as jupytext does.</remarks>
    public Notebook Read(byte[] content, string file)
    {
        var text = TextDecoding.Decode(content, file);
        return Myst.MystSyntax.IsMyst(TextLines.OfFile(text)) ? new Myst.MystReader(file).Read(text) : new MarkdownReader(file).Read(text);
    }

    /// <inheritdoc />
    public void Write(Notebook notebook, Stream output) =>
        new MarkdownWriter(options).Write(notebook, output);
}
