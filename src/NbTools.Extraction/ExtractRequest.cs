namespace NbTools.Extraction;

/// <summary>What to extract and where (the options of <c>nbtools extract</c>).</summary>
/// <param name="Notebooks">The notebooks (<c>.ipynb</c>, <c>.dib</c> or a paired percent script), in the order their classes are generated.</param>
/// <param name="OutputFolder">The folder the project is written to.</param>
public sealed record ExtractRequest(IReadOnlyList<string> Notebooks, string OutputFolder)
{
    /// <summary>The project (and assembly) name; default: the output folder's name made an identifier.</summary>
    public string? Name { get; init; }

    /// <summary>The namespace of the generated code; default: <see cref="Name"/>.</summary>
    public string? Namespace { get; init; }

    /// <summary>A class library (default) or a file-based app.</summary>
    public ExtractTarget Target { get; init; } = ExtractTarget.Library;

    /// <summary>Also generate an xunit project: one test per <c>//| test</c> cell and a smoke test of <c>Run()</c>.</summary>
    public bool Tests { get; init; }

    /// <summary>Write nothing; report whether the files on disk are what extraction would write.</summary>
    public bool Check { get; init; }

    /// <summary>Write into a folder that is not empty and was not written by extract (its other files are left alone).</summary>
    public bool Force { get; init; }

    /// <summary>
    /// The folder holding the NbTools.Tracking package and its dependencies (<c>.nupkg</c>) to copy
    /// beside the generated project; default: <c>extract-packages</c> beside the NbTools.Extraction assembly (the tool's build, publish and package carry it there).
    /// </summary>
    public string? PackageFolder { get; init; }
}
