using NbTools.Core.Formats;
using NbTools.Core.IO;
using NbTools.Core.Model;

namespace NbTools.Core;

/// <summary>
/// The notebook facade: read, write and convert notebooks in any registered format. The CLI and
/// the kernel extension call only this (and the other facades), so every feature can be tested
/// without a process.
/// </summary>
public static class Notebooks
{
    /// <summary>Reads a notebook file; the format comes from <paramref name="format"/> or the extension.</summary>
    public static Notebook Read(string path, string? format = null) =>
        FormatFor(path, format).Read(InputFiles.ReadAllBytes(path), path);

    /// <summary>
    /// Reads several notebooks (a diff's two, a merge's three), in parallel when they are large
    /// (<see cref="InParallel"/>); an error is the first file's in order, as reading them one by one gives.
    /// A large .ipynb is read through a window and left in its file (see docs/benchmarks.md, "Memory"):
    /// the notebooks then take memory for their models, not for their files as well.
    /// </summary>
    public static Notebook[] ReadAll(params string[] paths) =>
        InParallel.Run(InParallel.Large(paths), paths.Select(path => (Func<Notebook>)(() => ReadLarge(path))).ToArray());

    /// <summary>
    /// Fails (<see cref="NbToolsException"/>) when a notebook that <see cref="ReadAll"/> left in its
    /// file was changed in place since: what a command read from it may no longer be one file.
    /// A diff checks before it prints; the writer checks before and after it copies.
    /// </summary>
    public static void EnsureUnchanged(params Notebook[] notebooks)
    {
        foreach (var notebook in notebooks) notebook.Origin?.Source.EnsureUnchanged();
    }

    /// <summary>A notebook file, a large .ipynb read through a window and left in its file; any other as <see cref="Read(string, string?)"/>.</summary>
    internal static Notebook ReadLarge(string path, string? format = null) =>
        (FormatFor(path, format) is Formats.Ipynb.IpynbFormat ? Formats.Ipynb.IpynbReader.ReadWindowed(path) : null) ?? Read(path, format);

    /// <summary>Reads a notebook from bytes; <paramref name="file"/> names it in errors and picks the format when none is given.</summary>
    public static Notebook Read(byte[] content, string file, string? format = null) =>
        FormatFor(file, format).Read(content, file);

    /// <summary>The bytes of a notebook in a format (default ipynb).</summary>
    public static byte[] ToBytes(Notebook notebook, string format = "ipynb")
    {
        // Pooled chunks, then one array of the exact size: a large notebook is not copied at every doubling of a buffer.
        using var buffer = new PooledWriteStream();
        Write(notebook, buffer, format);
        return buffer.ToArray();
    }

    /// <summary>Writes a notebook to a stream in a format (default ipynb).</summary>
    public static void Write(Notebook notebook, Stream output, string format = "ipynb") =>
        (NotebookFormats.ByName(format) ?? throw UnknownFormat(format)).Write(notebook, output);

    /// <summary>
    /// Writes a notebook to a file atomically (the format comes from <paramref name="format"/> or
    /// the extension). Returns false, leaving the file untouched, when it already held these bytes.
    /// </summary>
    public static bool Write(Notebook notebook, string path, string? format = null)
    {
        var target = FormatFor(path, format);
        return AtomicFile.WriteIfChanged(path, stream => target.Write(notebook, stream));
    }

    /// <summary>Converts notebooks; see <see cref="ConvertRequest"/>. Nothing is written unless every input converts.</summary>
    public static ConvertResult Convert(ConvertRequest request) => NotebookConverter.Convert(request);

    internal static INotebookFormat FormatFor(string path, string? format)
    {
        if (format is not null) return NotebookFormats.ByName(format) ?? throw UnknownFormat(format);
        return NotebookFormats.ByPath(path)
            ?? throw new NbToolsException($"{path}: unknown notebook format \"{Path.GetExtension(path)}\" (known: {NotebookFormats.Names})");
    }

    internal static NbToolsException UnknownFormat(string format) =>
        new(FormatSpellings.Unsupported(format) ?? $"unknown format \"{format}\" (known: {NotebookFormats.Names})");
}
