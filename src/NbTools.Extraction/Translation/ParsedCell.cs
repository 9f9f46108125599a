using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace NbTools.Extraction.Translation;

/// <summary>A cell parsed as C# script, with kernel directives taken out and what they asked for.</summary>
/// <param name="Root">The script's syntax (kernel directives blanked, so lines keep their numbers).</param>
/// <param name="LineFile">The file name <c>#line</c> directives give for this cell.</param>
/// <param name="Packages">Packages from <c>#r "nuget: Name, Version"</c> (version may be null).</param>
/// <param name="References">Assembly paths from <c>#r "path.dll"</c>, as written.</param>
/// <param name="Imports">Files from <c>#!import</c> and <c>#load</c>, as written.</param>
internal sealed record ParsedCell(
    CompilationUnitSyntax Root,
    string LineFile,
    IReadOnlyList<(string Name, string? Version)> Packages,
    IReadOnlyList<string> References,
    IReadOnlyList<string> Imports)
{
    /// <summary>The kernel extension's <c>#!experiment</c> and <c>#!end-run</c> lines (1-based line, text), blanked in <see cref="Root"/>.</summary>
    public IReadOnlyList<(int Line, string Text)> TrackingMagics { get; init; } = [];
}
