using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Directives;
using NbTools.Core;
using NbTools.Extraction;
using NbTools.Interactive.Display;

namespace NbTools.Interactive.Magics;

/// <summary><c>#!extract</c>: a notebook's C# cells into a class library or file-based app, and the per-cell report.</summary>
internal static class ExtractMagic
{
    private static readonly (string, ExtractTarget)[] Targets = [("library", ExtractTarget.Library), ("app", ExtractTarget.App)];

    public static void Add(Kernel kernel)
    {
        var directive = new KernelActionDirective("#!extract")
        {
            Description = "Extract the notebook at PATH (as saved on disk) into a class library or a .NET 10 file-based app that builds (nbtools extract), and show what was done with every cell: taken, skipped or rewritten, and why. " +
                          "The kernel does not know which notebook is open: name it (relative to the kernel's folder, the notebook's folder in VS Code).",
            Parameters =
            {
                Magic.Text("--path", "The notebook to extract: .ipynb, .dib or a paired percent .cs.", implicitName: true, required: true),
                Magic.Text("--out", "The folder to write the project to (created when missing; refused when not empty and not written by extract, unless --force).", required: true),
                Magic.Choice("--to", "library (default): NAME.csproj, a net10.0 class library; app: NAME.cs, a .NET 10 file-based app run with 'dotnet run NAME.cs'.", Targets),
                Magic.Text("--name", "Project and assembly name, a C# identifier (default: the output folder's name)."),
                Magic.Text("--namespace", "Namespace of the generated code (default: the name)."),
                Magic.Flag("--tests", "Also write NAME.Tests/, an xunit project: one test per '//| test' cell and a smoke test of Run() (library only)."),
                Magic.Flag("--check", "Write nothing; say whether the extracted code on disk is up to date."),
                Magic.Flag("--force", "Write into a folder that is not empty and was not written by extract (its other files are left alone)."),
            },
        };
        Magic.Add<ExtractCommand>(kernel, directive, (command, context) =>
        {
            var target = Magic.Pick(command.To, "--to", ExtractTarget.Library, Targets);
            if (string.IsNullOrWhiteSpace(command.Path)) throw new NbToolsException("name the notebook: #!extract PATH --out DIR");
            if (string.IsNullOrWhiteSpace(command.Out)) throw new NbToolsException("name the output folder: #!extract PATH --out DIR");
            var request = new ExtractRequest([command.Path], command.Out)
            {
                Name = command.Name,
                Namespace = command.Namespace,
                Target = target,
                Tests = command.Tests,
                Check = command.Check,
                Force = command.Force,
            };
            var report = new ExtractReport(NotebookExtractor.Extract(request), request.Check);
            Output.Show(context, command, report.Html(), report.Text());
            return Task.CompletedTask;
        });
    }
}
