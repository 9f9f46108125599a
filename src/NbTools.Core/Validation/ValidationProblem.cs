namespace NbTools.Core.Validation;

/// <summary>One way a notebook breaks the nbformat JSON schema.</summary>
/// <param name="Path">JSON path of the offending value, e.g. <c>cells[3].outputs[0]</c>; empty for the top level.</param>
/// <param name="Message">What is wrong.</param>
/// <param name="Line">1-based line in the file, when known.</param>
/// <param name="Position">1-based character position in the line, when known.</param>
public sealed record ValidationProblem(string Path, string Message, int? Line, int? Position)
{
    /// <summary>A one-line description: <c>PATH: MESSAGE (line L, position P)</c>.</summary>
    public override string ToString()
    {
        var where = Line is null ? "" : $" (line {Line}, position {Position})";
        return (Path.Length == 0 ? "(top level)" : Path) + ": " + Message + where;
    }
}
