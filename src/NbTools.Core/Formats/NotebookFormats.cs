using NbTools.Core.Formats.Ipynb;

namespace NbTools.Core.Formats;

/// <summary>The registry of formats: one line per format.</summary>
public static class NotebookFormats
{
    /// <summary>Every known format.</summary>
    public static IReadOnlyList<INotebookFormat> All { get; } =
    [
        new IpynbFormat(),
    ];

    /// <summary>The format named <paramref name="name"/> (case-insensitive), or null.</summary>
    public static INotebookFormat? ByName(string name) =>
        All.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The format owning a file's extension, or null.</summary>
    public static INotebookFormat? ByPath(string path)
    {
        var extension = Path.GetExtension(path);
        return All.FirstOrDefault(f => f.Extensions.Any(e => string.Equals(e, extension, StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>The names, for help and error messages.</summary>
    public static string Names => string.Join(", ", All.Select(f => f.Name));
}
