namespace NbTools.Core.Model;

/// <summary>The cell types nbformat 4 defines. Any other string is kept as it is.</summary>
public static class CellType
{
    public const string Code = "code";
    public const string Markdown = "markdown";
    public const string Raw = "raw";

    /// <summary>Every kind nbformat 4 allows, in the schema's order.</summary>
    public static IReadOnlyList<string> All { get; } = [Code, Markdown, Raw];
}
