namespace NbTools.Extraction.Translation;

/// <summary>A piece of code for the output: its text and where it came from (for <c>#line</c>), or no place for generated code.</summary>
/// <param name="Text">The C# text, ending in a newline.</param>
/// <param name="LineFile">The <c>#line</c> file name (notebook and cell); null for code extract wrote itself.</param>
/// <param name="Line">1-based line of the text's first line in that cell.</param>
internal sealed record Emitted(string Text, string? LineFile, int Line);
