namespace NbTools.Extraction;

/// <summary>The outcome of <see cref="NotebookExtractor.Extract"/>.</summary>
/// <param name="Project">The generated project file (<c>.csproj</c>) or, for an app, its <c>.cs</c> file.</param>
/// <param name="Files">Every generated file and what happened to it.</param>
/// <param name="Report">Every cell taken, skipped or rewritten, and why.</param>
public sealed record ExtractResult(string Project, IReadOnlyList<ExtractedFile> Files, IReadOnlyList<ExtractNote> Report)
{
    /// <summary>The test project, when tests were asked for.</summary>
    public string? TestProject { get; init; }

    /// <summary>With <see cref="ExtractRequest.Check"/>: true when some file is missing or out of date.</summary>
    public bool Stale => Files.Any(f => f.State == ExtractedFileState.Stale);
}
