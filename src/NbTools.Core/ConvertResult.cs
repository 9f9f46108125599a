namespace NbTools.Core;

/// <summary>What a conversion did.</summary>
/// <param name="Files">One entry per input, in order.</param>
/// <param name="StandardOutput">The converted bytes when the output was <c>-</c>.</param>
public sealed record ConvertResult(IReadOnlyList<ConvertedFile> Files, byte[]? StandardOutput)
{
    /// <summary>The target format, as requested or as taken from the output's extension.</summary>
    public string Format { get; init; } = "";
}

/// <summary>One converted input.</summary>
/// <param name="Input">The input path.</param>
/// <param name="Output">Where the result went (null for standard output).</param>
/// <param name="Written">False when the output file already held exactly these bytes.</param>
/// <param name="UpgradedFrom">The nbformat version the input was upgraded from, if any (e.g. <c>3.0</c>).</param>
public sealed record ConvertedFile(string Input, string? Output, bool Written, string? UpgradedFrom);
