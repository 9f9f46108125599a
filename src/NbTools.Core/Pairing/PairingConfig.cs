using Tomlyn;
using Tomlyn.Model;

namespace NbTools.Core.Pairing;

/// <summary>
/// Folder-wide pairing: the nearest <c>nbtools.toml</c>, <c>jupytext.toml</c> or <c>pyproject.toml</c>
/// (its <c>[tool.jupytext]</c> table) at or above a notebook's folder, up to the repository root,
/// pairs every notebook below it with its <c>formats</c>: a string (<c>"ipynb,py:percent"</c>), a
/// list, or jupytext's table of folder prefix → format (<c>[formats]</c>, <c>formats = {…}</c>).
/// </summary>
public static class PairingConfig
{
    /// <summary>Config file names, in order of precedence within one folder.</summary>
    public static readonly string[] FileNames = ["nbtools.toml", "jupytext.toml", "pyproject.toml"];

    /// <summary>The folder-wide <c>formats</c> for a notebook, and the file that says so; null when none.</summary>
    public static (string Formats, string File)? FormatsFor(string notebookPath)
    {
        var folder = new DirectoryInfo(Path.GetDirectoryName(Path.GetFullPath(notebookPath))!);
        for (var dir = folder; dir is not null; dir = dir.Parent)
        {
            foreach (var name in FileNames)
            {
                var file = Path.Combine(dir.FullName, name);
                if (File.Exists(file) && Read(file) is { } formats) return (formats, file);
            }
            if (Directory.Exists(Path.Combine(dir.FullName, ".git"))) break; // the repository root
        }
        return null;
    }

    private static string? Read(string file)
    {
        TomlTable table;
        try
        {
            table = TomlSerializer.Deserialize(File.ReadAllText(file), PairingToml.Default.TomlTable)!;
        }
        catch (Exception ex) when (ex is not NbToolsException)
        {
            throw new NbToolsException($"{file}: not valid TOML: {ex.Message.Split('\n')[0]}");
        }
        if (Path.GetFileName(file) == "pyproject.toml")
        {
            if (!table.TryGetValue("tool", out var tool) || tool is not TomlTable tools || !tools.TryGetValue("jupytext", out var section)) return null;
            table = section as TomlTable ?? throw new NbToolsException($"{file}: [tool.jupytext] must be a table");
        }
        if (!table.TryGetValue("formats", out var value)) return null;
        return value switch
        {
            string s => s,
            TomlArray array => string.Join(",", array.Select(v => v?.ToString())),
            // jupytext's folder prefix → format; "" is the notebook's own folder.
            TomlTable prefixes => string.Join(",", prefixes.Select(p => p.Key + p.Value)),
            _ => throw new NbToolsException($"{file}: \"formats\" must be a string such as \"ipynb,py:percent\", a list or a table"),
        };
    }
}

/// <summary>
/// Tomlyn's metadata for reading a TOML document as a plain <see cref="TomlTable"/>, generated at build
/// time: the reflection-based path is not available to the Native AOT nbtools.
/// </summary>
[Tomlyn.Serialization.TomlSerializable(typeof(TomlTable))]
internal sealed partial class PairingToml : Tomlyn.Serialization.TomlSerializerContext
{
}
