using System.Text;
using NbTools.Core.Formats.Text;
using NbTools.Core.Model;

namespace NbTools.Core.Formats.Percent;

/// <summary>A notebook as a percent script in one language (<c>.cs</c>, <c>.py</c>, <c>.fsx</c>…). See README.md beside this file.</summary>
public sealed class PercentFormat : INotebookFormat
{
    private readonly Lazy<PercentSyntax> syntax; // built on first use: its regexes are compiled
    private readonly TextFormatOptions options;

    /// <summary>Creates the format for a language.</summary>
    public PercentFormat(ScriptLanguage language, TextFormatOptions? options = null)
    {
        Language = language;
        syntax = new Lazy<PercentSyntax>(() => new PercentSyntax(language));
        this.options = options ?? TextFormatOptions.Default;
    }

    /// <summary>The script language.</summary>
    public ScriptLanguage Language { get; }

    /// <inheritdoc />
    public string Name => Language.Extension[1..];

    /// <inheritdoc />
    public IReadOnlyList<string> Extensions => [Language.Extension];

    /// <inheritdoc />
    /// <remarks>A script with no format in its header and no cell marker is read as a light script, as jupytext reads it.</remarks>
    public Notebook Read(byte[] content, string file)
    {
        var lines = new FileLines(TextDecoding.Decode(content, file));
        return Light.ScriptFormatGuess.ReadsAsLight(Light.ScriptFormatGuess.Of(lines, Language))
            ? Light.LightFormat.ReadLight(Language, lines.ToList(), file)
            : new PercentReader(syntax.Value, file).Read(lines);
    }

    /// <inheritdoc />
    public void Write(Notebook notebook, Stream output) =>
        new PercentWriter(syntax.Value, options).Write(notebook, output);
}
