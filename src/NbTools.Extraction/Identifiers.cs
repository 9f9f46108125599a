using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace NbTools.Extraction;

/// <summary>C# names: checking the ones given, and making class and project names from file names.</summary>
internal static class Identifiers
{
    public static bool IsIdentifier(string name) =>
        SyntaxFacts.IsValidIdentifier(name) && SyntaxFacts.GetKeywordKind(name) == SyntaxKind.None && SyntaxFacts.GetContextualKeywordKind(name) is SyntaxKind.None or SyntaxKind.VarKeyword;

    public static bool IsNamespace(string name) => name.Split('.').All(IsIdentifier);

    /// <summary>PascalCase words of the letters and digits of <paramref name="text"/>, starting with a letter.</summary>
    public static string FromText(string text, string prefixWhenDigit)
    {
        var builder = new StringBuilder();
        var upper = true;
        foreach (var c in text)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                builder.Append(upper ? char.ToUpperInvariant(c) : c);
                upper = false;
            }
            else upper = true;
        }
        if (builder.Length == 0 || char.IsAsciiDigit(builder[0])) builder.Insert(0, prefixWhenDigit);
        return builder.ToString();
    }
}
