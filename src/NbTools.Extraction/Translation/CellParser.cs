using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace NbTools.Extraction.Translation;

/// <summary>
/// Parses a cell as the C# kernel does: its magic lines (<c>#!…</c>, <c>#i</c>) belong to the kernel,
/// not to C#, and are blanked; the rest is C# script (<see cref="SourceCodeKind.Script"/>), whose
/// <c>#r</c> and <c>#load</c> directives are read from the syntax tree and blanked in turn. Blanking
/// keeps every line where it was, so <c>#line</c> maps compiler errors to the cell's own lines.
/// </summary>
internal static class CellParser
{
    public static readonly CSharpParseOptions ScriptOptions = new(LanguageVersion.Latest, DocumentationMode.None, SourceCodeKind.Script);

    public static ParsedCell Parse(string source, string label, int cell, string lineFile, List<ExtractNote> notes)
    {
        var imports = new List<string>();
        var tracking = new List<(int, string)>();
        var text = BlankMagics(source, label, cell, imports, tracking, notes);
        var first = CSharpSyntaxTree.ParseText(text, ScriptOptions);
        var packages = new List<(string, string?)>();
        var references = new List<string>();
        var blanks = new List<TextSpan>();
        var root = (CompilationUnitSyntax)first.GetRoot();
        foreach (var directive in root.GetReferenceDirectives())
        {
            var value = directive.File.ValueText;
            var line = first.GetLineSpan(directive.Span).StartLinePosition.Line + 1;
            if (value.StartsWith("nuget:", StringComparison.OrdinalIgnoreCase))
            {
                var parts = value["nuget:".Length..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length == 0) throw new ExtractionException($"{label}: cell {cell}, line {line}: #r \"nuget:\" names no package");
                var version = parts.Length > 1 ? parts[1] : null;
                if (BundledPackage(parts[0]) is { } why)
                {
                    notes.Add(new(label, cell, line, ExtractNoteKind.Rewritten, $"#r \"{value}\" removed: {why}"));
                    blanks.Add(directive.FullSpan);
                    continue;
                }
                packages.Add((parts[0], version));
                notes.Add(new(label, cell, line, ExtractNoteKind.Rewritten, $"#r \"{value}\" -> PackageReference {parts[0]} {version ?? "(no version: the latest the feed has)"}"));
            }
            else
            {
                references.Add(value);
                notes.Add(new(label, cell, line, ExtractNoteKind.Rewritten, $"#r \"{value}\" -> Reference"));
            }
            blanks.Add(directive.FullSpan);
        }
        foreach (var directive in root.GetLoadDirectives())
        {
            var line = first.GetLineSpan(directive.Span).StartLinePosition.Line + 1;
            imports.Add(directive.File.ValueText);
            notes.Add(new(label, cell, line, ExtractNoteKind.Rewritten, $"#load \"{directive.File.ValueText}\" -> that file included"));
            blanks.Add(directive.FullSpan);
        }
        var tree = blanks.Count == 0 ? first : CSharpSyntaxTree.ParseText(Blank(text, blanks), ScriptOptions);
        var error = tree.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error && !IsTrailingExpression(d, tree)).OrderBy(d => d.Location.SourceSpan.Start).FirstOrDefault();
        if (error is not null)
        {
            var position = error.Location.GetLineSpan().StartLinePosition;
            throw new ExtractionException($"{label}: cell {cell}, line {position.Line + 1}, column {position.Character + 1}: C# does not parse: {error.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}");
        }
        return new ParsedCell((CompilationUnitSyntax)tree.GetRoot(), lineFile, packages, references, imports) { TrackingMagics = tracking };
    }

    /// <summary>Why a NbTools package the notebook loads is not a PackageReference: the library has NbTools.Tracking from the tool's bundle.</summary>
    private static string? BundledPackage(string name) => name switch
    {
        _ when name.Equals("NbTools.Interactive", StringComparison.OrdinalIgnoreCase) => "the kernel extension runs only in the kernel; the library references NbTools.Tracking, where run's API is",
        _ when name.Equals("NbTools.Tracking", StringComparison.OrdinalIgnoreCase) => "the library references NbTools.Tracking already (the version the tool carries)",
        _ => null,
    };

    /// <summary>The kernel accepts a last expression without a semicolon (it displays the value); C# script reports it missing.</summary>
    private static bool IsTrailingExpression(Diagnostic diagnostic, SyntaxTree tree)
    {
        if (diagnostic.Id != "CS1002") return false;
        var root = (CompilationUnitSyntax)tree.GetRoot();
        return root.Members.LastOrDefault() is GlobalStatementSyntax { Statement: ExpressionStatementSyntax { SemicolonToken.IsMissing: true } statement }
            && statement.SemicolonToken.Span.Start == diagnostic.Location.SourceSpan.Start;
    }

    private static string BlankMagics(string source, string label, int cell, List<string> imports, List<(int, string)> tracking, List<ExtractNote> notes)
    {
        var lines = source.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var trimmed = lines[i].TrimStart();
            var isMagic = trimmed.StartsWith("#!", StringComparison.Ordinal) || trimmed.StartsWith("#i ", StringComparison.Ordinal) || trimmed.TrimEnd() == "#i";
            if (!isMagic) continue;
            var magic = trimmed.TrimEnd('\r', ' ', '\t');
            if (magic.StartsWith("#!import ", StringComparison.Ordinal))
            {
                var file = magic["#!import ".Length..].Trim().Trim('"');
                imports.Add(file);
                notes.Add(new(label, cell, i + 1, ExtractNoteKind.Rewritten, $"{magic} -> that file included"));
            }
            else if (TrackingMagics.Handles(magic))
            {
                tracking.Add((i + 1, magic)); // translated, and reported, by TrackingMagics
            }
            else
            {
                notes.Add(new(label, cell, i + 1, ExtractNoteKind.Rewritten, $"kernel magic removed: {magic}"));
            }
            lines[i] = lines[i].EndsWith('\r') ? "\r" : "";
        }
        return string.Join('\n', lines);
    }

    private static string Blank(string text, List<TextSpan> spans)
    {
        var builder = new StringBuilder(text);
        foreach (var span in spans)
        {
            for (var i = span.Start; i < span.End; i++)
            {
                if (builder[i] is not ('\n' or '\r')) builder[i] = ' ';
            }
        }
        return builder.ToString();
    }
}
