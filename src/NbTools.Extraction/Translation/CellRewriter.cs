using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace NbTools.Extraction.Translation;

/// <summary>
/// Rewrites cell code for the library: <c>display(x)</c> and <c>x.Display()</c> become calls of the
/// class's <c>Display</c> hook, and variables the kernel let a later cell declare again are renamed
/// (<paramref name="aliases"/>), since in <c>Run</c> they share one method body.
/// </summary>
internal sealed class CellRewriter(IReadOnlyDictionary<string, string> aliases, Action<string> rewritten) : CSharpSyntaxRewriter
{
    public override SyntaxNode? VisitInvocationExpression(InvocationExpressionSyntax node)
    {
        if (node.Expression is IdentifierNameSyntax { Identifier.Text: "display" } name && node.ArgumentList.Arguments.Count is 1 or 2)
        {
            // display(x) or display(x, "mime/type"): the hook shows the value; the mime type is the kernel's business.
            rewritten("display(…) -> Display hook");
            var visited = (InvocationExpressionSyntax)base.VisitInvocationExpression(node)!;
            return visited.WithExpression(SyntaxFactory.IdentifierName("Display").WithTriviaFrom(name))
                .WithArgumentList(visited.ArgumentList.WithArguments(SyntaxFactory.SingletonSeparatedList(visited.ArgumentList.Arguments[0])));
        }
        if (node.Expression is MemberAccessExpressionSyntax { Name.Identifier.Text: "Display" or "DisplayAs" } access
            && node.ArgumentList.Arguments.Count == (access.Name.Identifier.Text == "Display" ? 0 : 1)
            && access.Expression is not IdentifierNameSyntax { Identifier.Text: "Kernel" })
        {
            rewritten($".{access.Name.Identifier.Text}(…) -> Display hook");
            var target = (ExpressionSyntax)Visit(access.Expression)!;
            return SyntaxFactory.InvocationExpression(
                    SyntaxFactory.IdentifierName("Display"),
                    SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(target.WithoutTrivia()))))
                .WithTriviaFrom(node);
        }
        return base.VisitInvocationExpression(node);
    }

    public override SyntaxNode? VisitIdentifierName(IdentifierNameSyntax node)
    {
        if (aliases.Count == 0 || !aliases.TryGetValue(node.Identifier.Text, out var alias) || alias == node.Identifier.Text) return node;
        // Only a name standing for a variable: not the member in a.b, not a named argument, not an initializer's member.
        if (node.Parent is MemberAccessExpressionSyntax access && access.Name == node) return node;
        if (node.Parent is NameColonSyntax) return node;
        if (node.Parent is AssignmentExpressionSyntax assignment && assignment.Left == node && assignment.Parent is InitializerExpressionSyntax { RawKind: (int)SyntaxKind.ObjectInitializerExpression }) return node;
        return node.WithIdentifier(SyntaxFactory.Identifier(node.Identifier.LeadingTrivia, alias, node.Identifier.TrailingTrivia));
    }
}
