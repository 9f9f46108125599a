using NbTools.Core.Model;

namespace NbTools.Core.Formats.Ipynb;

/// <summary>Jupyter's .ipynb (nbformat 4; nbformat 3 read and upgraded), lossless. See README.md beside this file.</summary>
public sealed class IpynbFormat : INotebookFormat
{
    /// <inheritdoc />
    public string Name => "ipynb";

    /// <inheritdoc />
    public IReadOnlyList<string> Extensions { get; } = [".ipynb"];

    /// <inheritdoc />
    public Notebook Read(byte[] content, string file) => IpynbReader.Read(content, file);

    /// <inheritdoc />
    public void Write(Notebook notebook, Stream output) => IpynbWriter.Write(notebook, output);
}
