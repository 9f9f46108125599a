namespace NbTools.Extraction.Translation;

/// <summary>The namespaces the .NET Interactive C# kernel imports in every cell; extracted code imports them explicitly.</summary>
internal static class KernelUsings
{
    public static readonly string[] Namespaces =
    [
        "System",
        "System.Collections",
        "System.Collections.Generic",
        "System.Linq",
        "System.Text",
        "System.Threading.Tasks",
    ];
}
