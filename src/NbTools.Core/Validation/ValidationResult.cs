namespace NbTools.Core.Validation;

/// <summary>The outcome of validating one notebook file.</summary>
/// <param name="File">The file.</param>
/// <param name="Schema">The schema used, e.g. <c>nbformat 4.4</c>.</param>
/// <param name="Problems">Every problem found; empty when valid.</param>
public sealed record ValidationResult(string File, string Schema, IReadOnlyList<ValidationProblem> Problems)
{
    /// <summary>True when the notebook follows its schema.</summary>
    public bool IsValid => Problems.Count == 0;
}
