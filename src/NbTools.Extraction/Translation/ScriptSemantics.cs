using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace NbTools.Extraction.Translation;

/// <summary>
/// The notebook as the kernel compiles it: each cell a script submission following the previous one,
/// against the running framework's assemblies and the packages' assemblies found in the NuGet cache.
/// Answers the two questions syntax alone cannot: the type of a <c>var</c> that must become a field or
/// a parameter, and whether a cell's last expression has a value to display.
/// </summary>
internal sealed class ScriptSemantics
{
    private static readonly Lazy<IReadOnlyList<MetadataReference>> Framework = new(LoadFramework);
    private static readonly SymbolDisplayFormat TypeFormat = new(
        globalNamespaceStyle: SymbolDisplayGlobalNamespaceStyle.Included,
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes | SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers | SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    private readonly Dictionary<SyntaxTree, CSharpCompilation> compilations = [];

    /// <summary>What the kernel declares before the first cell (a variable an extension shares), and the assembly of its type.</summary>
    public sealed record Shared(string Declaration, MetadataReference Assembly);

    public ScriptSemantics(IEnumerable<ParsedCell> cells, IEnumerable<string> packageAssemblies, Shared? shared = null)
    {
        var references = Framework.Value.Concat(packageAssemblies.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))).ToList();
        if (shared is not null) references.Add(shared.Assembly);
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, usings: KernelUsings.Namespaces);
        CSharpCompilation? previous = null;
        var n = 0;
        if (shared is not null)
        {
            previous = CSharpCompilation.CreateScriptCompilation($"Submission{n++}", CSharpSyntaxTree.ParseText(shared.Declaration, CellParser.ScriptOptions), references, options);
        }
        foreach (var cell in cells)
        {
            var compilation = CSharpCompilation.CreateScriptCompilation($"Submission{n++}", cell.Root.SyntaxTree, references, options, previous);
            compilations[cell.Root.SyntaxTree] = compilation;
            // Roslyn chains only submissions that compile; after a cell that does not, chain from the last one that did.
            if (!compilation.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error)) previous = compilation;
        }
    }

    /// <summary>The C# spelling of an expression's type, or null when it has none that can be written (error, anonymous, lambda).</summary>
    public string? TypeOf(ExpressionSyntax expression)
    {
        var type = Model(expression)?.GetTypeInfo(expression).Type;
        return Spell(type);
    }

    /// <summary>The C# spelling of a declared variable's type.</summary>
    public string? TypeOfDeclared(VariableDeclaratorSyntax declarator)
    {
        var symbol = Model(declarator)?.GetDeclaredSymbol(declarator);
        return Spell(symbol switch
        {
            IFieldSymbol field => field.Type,
            ILocalSymbol local => local.Type,
            _ => null,
        });
    }

    /// <summary>True when the expression has no value (a call of a void method).</summary>
    public bool IsVoid(ExpressionSyntax expression) =>
        Model(expression)?.GetTypeInfo(expression).Type is { SpecialType: SpecialType.System_Void };

    private SemanticModel? Model(SyntaxNode node) =>
        compilations.TryGetValue(node.SyntaxTree, out var compilation) ? compilation.GetSemanticModel(node.SyntaxTree) : null;

    private static string? Spell(ITypeSymbol? type)
    {
        if (type is null || type.TypeKind == TypeKind.Error || type.IsAnonymousType || !IsNameable(type)) return null;
        var text = type.ToDisplayString(TypeFormat);
        // Types declared in a cell are members of the kernel's submission class; in the library they are top-level.
        while (text.Contains("global::Submission#", StringComparison.Ordinal))
        {
            var start = text.IndexOf("global::Submission#", StringComparison.Ordinal);
            var end = text.IndexOf('.', start + "global::Submission#".Length);
            text = text.Remove(start, end - start + 1);
        }
        return text;
    }

    private static bool IsNameable(ITypeSymbol type) => type switch
    {
        INamedTypeSymbol named => !named.IsAnonymousType && named.TypeArguments.All(IsNameable),
        IArrayTypeSymbol array => IsNameable(array.ElementType),
        ITypeParameterSymbol => false,
        _ => true,
    };

    private static IReadOnlyList<MetadataReference> LoadFramework()
    {
        var paths = (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return paths.Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal).Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToList();
    }
}
