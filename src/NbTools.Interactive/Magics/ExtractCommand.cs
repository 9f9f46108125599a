using Microsoft.DotNet.Interactive.Commands;

namespace NbTools.Interactive.Magics;

/// <summary><c>#!extract PATH --out DIR [--to library|app] [--name NAME] [--namespace NS] [--tests] [--check] [--force]</c>.</summary>
public sealed class ExtractCommand : KernelDirectiveCommand
{
    /// <summary>The notebook to extract (.ipynb, .dib or a paired percent .cs), as saved on disk.</summary>
    public string Path { get; set; } = "";

    /// <summary>The folder the project is written to.</summary>
    public string Out { get; set; } = "";

    /// <summary>library (default) or app.</summary>
    public string? To { get; set; }

    /// <summary>Project and assembly name (default: the output folder's name).</summary>
    public string? Name { get; set; }

    /// <summary>Namespace of the generated code (default: the name).</summary>
    public string? Namespace { get; set; }

    /// <summary>Also write an xunit project (library only).</summary>
    public bool Tests { get; set; }

    /// <summary>Write nothing; report whether the extracted code on disk is up to date.</summary>
    public bool Check { get; set; }

    /// <summary>Write into a folder that is not empty and was not written by extract.</summary>
    public bool Force { get; set; }
}
