using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace NbTools.Extraction.Translation;

/// <summary>Names that syntax declares or uses, for deciding which script variables must be renamed or become fields.</summary>
internal static class ScopeNames
{
    /// <summary>Names declared inside <paramref name="node"/> in nested scopes (loop variables, lambda parameters, pattern and out variables, inner locals).</summary>
    public static HashSet<string> DeclaredWithin(SyntaxNode node, IReadOnlySet<VariableDeclaratorSyntax> topLevel)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var descendant in node.DescendantNodesAndSelf())
        {
            switch (descendant)
            {
                case VariableDeclaratorSyntax declarator when !topLevel.Contains(declarator):
                    names.Add(declarator.Identifier.Text);
                    break;
                case ForEachStatementSyntax forEach:
                    names.Add(forEach.Identifier.Text);
                    break;
                case ParameterSyntax parameter:
                    names.Add(parameter.Identifier.Text);
                    break;
                case SingleVariableDesignationSyntax designation:
                    names.Add(designation.Identifier.Text);
                    break;
                case CatchDeclarationSyntax { Identifier.RawKind: (int)SyntaxKind.IdentifierToken } catchDeclaration:
                    names.Add(catchDeclaration.Identifier.Text);
                    break;
                case LocalFunctionStatementSyntax function:
                    names.Add(function.Identifier.Text);
                    break;
            }
        }
        return names;
    }

    /// <summary>Every simple name used in <paramref name="node"/>.</summary>
    public static IEnumerable<string> Used(SyntaxNode node) =>
        node.DescendantNodes().OfType<IdentifierNameSyntax>().Select(n => n.Identifier.Text);

    /// <summary>True when the code awaits outside any lambda or local function (so the method holding it must be async).</summary>
    public static bool Awaits(SyntaxNode node) =>
        node.DescendantNodesAndSelf(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
            .Any(n => n is AwaitExpressionSyntax
                || n is ForEachStatementSyntax { AwaitKeyword.RawKind: (int)SyntaxKind.AwaitKeyword }
                || n is UsingStatementSyntax { AwaitKeyword.RawKind: (int)SyntaxKind.AwaitKeyword }
                || n is LocalDeclarationStatementSyntax { AwaitKeyword.RawKind: (int)SyntaxKind.AwaitKeyword });
}
