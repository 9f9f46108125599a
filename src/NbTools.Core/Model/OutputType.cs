namespace NbTools.Core.Model;

/// <summary>The output types nbformat 4 defines. Any other string is kept as it is.</summary>
public static class OutputType
{
    public const string Stream = "stream";
    public const string DisplayData = "display_data";
    public const string ExecuteResult = "execute_result";
    public const string Error = "error";

    /// <summary>Every kind nbformat 4 allows, in the schema's order.</summary>
    public static IReadOnlyList<string> All { get; } = [ExecuteResult, DisplayData, Stream, Error];
}
