using NbTools.Core.Formats.Percent;
using NbTools.Core.Formats.Text;
using NbTools.Core.Model;

namespace NbTools.Core.Formats.Light;

/// <summary>
/// A notebook as a light script in one language (jupytext's <c>py:light</c>, <c>R:light</c>,
/// <c>cs:light</c>…): cells separated by blank lines, markdown as commented paragraphs. See README.md
/// beside this file.
/// </summary>
public sealed class LightFormat : INotebookFormat
{
    private readonly Lazy<LightSyntax> syntax; // built on first use, like the percent format's
    private readonly TextFormatOptions options;

    /// <summary>Creates the format for a language.</summary>
    public LightFormat(ScriptLanguage language, TextFormatOptions? options = null)
    {
        Language = language;
        syntax = new Lazy<LightSyntax>(() => new LightSyntax(language));
        this.options = options ?? TextFormatOptions.Default;
    }

    /// <summary>The script language.</summary>
    public ScriptLanguage Language { get; }

    /// <inheritdoc />
    public string Name => Language.Extension[1..] + ":light";

    /// <inheritdoc />
    public IReadOnlyList<string> Extensions => [Language.Extension];

    /// <summary>Reads a light script (or jupytext's <c>nomarker</c> one); a text whose header names the percent format is read as one.</summary>
    public Notebook Read(byte[] content, string file)
    {
        var text = TextDecoding.Decode(content, file);
        var lines = TextLines.OfFile(text);
        return ScriptFormatGuess.Named(lines, Language) == ScriptFormatGuess.Percent
            ? new PercentFormat(Language, options).Read(content, file)
            : new LightReader(syntax.Value, file).Read(lines);
    }

    /// <inheritdoc />
    public void Write(Notebook notebook, Stream output) => new LightWriter(syntax.Value, options).Write(notebook, output);

    /// <summary>Reads a script that <see cref="ScriptFormatGuess"/> found to be light (the percent format's entry for <c>.py</c> files).</summary>
    internal static Notebook ReadLight(ScriptLanguage language, List<string> lines, string file) =>
        new LightReader(new LightSyntax(language), file).Read(lines);
}
