using NbTools.Core.Formats.Ipynb;
using NbTools.Core.Formats.Percent;
using NbTools.Core.Formats.Text;
using NbTools.Core.Model;

namespace NbTools.Core.Formats;

/// <summary>The registry of formats: one line per format (percent scripts: one per script language).</summary>
public static class NotebookFormats
{
    /// <summary>The pseudo-format name for "the notebook's own script language".</summary>
    public const string Script = "script";

    /// <summary>The pseudo-format name for "a light script in the notebook's own language" (jupytext's <c>auto:light</c>).</summary>
    public const string LightScript = "script:light";

    /// <summary>Every known format with default options.</summary>
    public static IReadOnlyList<INotebookFormat> All { get; } = Create(TextFormatOptions.Default);

    /// <summary>Every known format, text formats using <paramref name="options"/>.</summary>
    public static IReadOnlyList<INotebookFormat> Create(TextFormatOptions options)
    {
        var formats = new List<INotebookFormat>
        {
            new IpynbFormat(),
            new Markdown.MarkdownFormat(options),
            new Myst.MystFormat(options),
            new Dib.DibFormat(options),
        };
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var language in ScriptLanguage.All)
        {
            if (seen.Add(language.Extension)) formats.Add(new PercentFormat(language, options));
        }
        // Light scripts share the extensions: a file is found by path as percent, whose reader tells light from percent.
        formats.AddRange(formats.OfType<PercentFormat>().Select(f => new Light.LightFormat(f.Language, options)).ToList());
        return formats;
    }

    /// <summary>
    /// The format named <paramref name="name"/> (case-insensitive after an exact match; jupytext's
    /// spellings such as <c>.py</c>, <c>py:percent</c>, <c>markdown</c>, <c>notebook</c> too), or null.
    /// </summary>
    public static INotebookFormat? ByName(string name, TextFormatOptions? options = null)
    {
        var all = options is null ? All : Create(options);
        name = FormatSpellings.Canonical(name);
        return all.FirstOrDefault(f => f.Name == name)
            ?? all.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The format owning a file's extension, or null.</summary>
    public static INotebookFormat? ByPath(string path, TextFormatOptions? options = null)
    {
        var extension = Path.GetExtension(path);
        var all = options is null ? All : Create(options);
        return all.FirstOrDefault(f => f.Extensions.Contains(extension, StringComparer.Ordinal))
            ?? all.FirstOrDefault(f => f.Extensions.Any(e => string.Equals(e, extension, StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>The percent format of the notebook's own language (<c>--to script</c>).</summary>
    public static INotebookFormat ScriptFor(Notebook notebook, TextFormatOptions? options = null) =>
        new PercentFormat(NotebookLanguage.ScriptLanguageOf(notebook), options);

    /// <summary>The light format of the notebook's own language (<c>--to script:light</c>, jupytext's <c>auto:light</c>).</summary>
    public static INotebookFormat LightScriptFor(Notebook notebook, TextFormatOptions? options = null) =>
        new Light.LightFormat(NotebookLanguage.ScriptLanguageOf(notebook), options);

    /// <summary>The names, for help and error messages.</summary>
    public static string Names => "ipynb, md, md:myst, dib, script, " + string.Join(", ", All.OfType<PercentFormat>().Select(f => f.Name))
        + ", script:light, EXT:light (py:light, R:light, cs:light, …)";
}
