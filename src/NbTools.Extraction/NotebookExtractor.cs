using System.Security.Cryptography;
using System.Text;
using NbTools.Core;
using NbTools.Extraction.Output;
using NbTools.Extraction.Selection;
using NbTools.Extraction.Translation;

namespace NbTools.Extraction;

/// <summary>
/// Extracts C# notebook cells into a class library (one static class per notebook) or a .NET 10
/// file-based app that builds, with tracking hooks in <c>Run</c> and <c>#line</c> directives mapping
/// compiler errors and stack traces to the notebook's cells. Deterministic: extracting an unchanged
/// notebook again changes no byte. Every input is checked before anything is written.
/// </summary>
public static class NotebookExtractor
{
    /// <summary>Extracts (or, with <see cref="ExtractRequest.Check"/>, compares) and reports what was done with every cell.</summary>
    /// <exception cref="NbToolsException">Bad input (nothing was written).</exception>
    public static ExtractResult Extract(ExtractRequest request)
    {
        if (request.Notebooks.Count == 0) throw new ExtractionException("no notebook given");
        var folder = Path.GetFullPath(request.OutputFolder);
        var name = request.Name ?? Identifiers.FromText(Path.GetFileName(Path.TrimEndingDirectorySeparator(folder)), "Notebooks");
        if (!Identifiers.IsIdentifier(name)) throw new ExtractionException($"--name {name}: not a C# identifier (letters, digits and _, not starting with a digit, not a keyword)");
        var ns = request.Namespace ?? name;
        if (!Identifiers.IsNamespace(ns)) throw new ExtractionException($"--namespace {ns}: not a C# namespace (identifiers separated by dots)");
        if (request.Target == ExtractTarget.App && request.Notebooks.Count != 1) throw new ExtractionException("--to app: give exactly one notebook (an app has one entry point)");
        if (request.Target == ExtractTarget.App && request.Tests) throw new ExtractionException("--tests: only with --to library (the tests reference the library)");
        OutputFolder.Guard(folder, request.Force, request.Check);
        var bundle = TrackingBundle.Find(request.PackageFolder);
        var manifest = Directory.Exists(folder) ? Manifest.Read(folder) : null;

        var notes = new List<ExtractNote>();
        var codes = new List<NotebookCode>();
        foreach (var notebookFile in request.Notebooks)
        {
            codes.Add(TranslateNotebook(notebookFile, folder, manifest, bundle, notes));
        }
        CheckUnique(codes, request.Target == ExtractTarget.App ? "" : ns);

        var files = new List<GeneratedFile>();
        string project;
        string? testProject = null;
        if (request.Target == ExtractTarget.App)
        {
            project = $"{name}.cs";
            files.Add(new(project, SourceFileWriter.App(codes[0], bundle.TrackingVersion)));
        }
        else
        {
            project = $"{name}.csproj";
            var packages = new SortedDictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            foreach (var code in codes) foreach (var (package, version) in code.Packages) packages.TryAdd(package, version);
            var references = codes.SelectMany(c => c.References).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
                .Select(r => (Path.GetFileNameWithoutExtension(r), r)).ToList();
            files.Add(new(project, ProjectFileWriter.Library(name, codes.Select(c => c.ClassName + ".cs"), packages, references, bundle.TrackingVersion)));
            foreach (var code in codes) files.Add(new(code.ClassName + ".cs", SourceFileWriter.Library(code, ns)));
            if (request.Tests)
            {
                testProject = $"{name}.Tests/{name}.Tests.csproj";
                files.Add(new(testProject, ProjectFileWriter.Tests(name, codes.Select(c => c.ClassName + "Tests.cs"))));
                foreach (var code in codes) files.Add(new($"{name}.Tests/{code.ClassName}Tests.cs", SourceFileWriter.Tests(code, ns)));
            }
        }
        files.Add(new("nuget.config", ProjectFileWriter.NuGetConfig()));
        files.Add(new("Directory.Build.props", ProjectFileWriter.EmptyProps("the generated code builds the same inside any repository.")));
        files.Add(new("Directory.Packages.props", ProjectFileWriter.EmptyProps("package versions are in the project file, not managed centrally.")));
        foreach (var package in bundle.Packages) files.Add(new("packages/" + Path.GetFileName(package), File.ReadAllBytes(package), CopyWhenMissing: true));
        var entries = codes.Select(c => new Manifest.Entry(c.NotebookPath, c.Digest, c.Version.Commit, c.Version.Dirty)).ToList();
        files.Add(new(Manifest.FileName, new Manifest(entries, files.Select(f => f.RelativePath).ToList()).ToBytes()));

        var written = OutputFolder.Apply(folder, files, request.Check);
        return new ExtractResult(Path.Combine(folder, project), written, notes) { TestProject = testProject is null ? null : Path.Combine(folder, testProject) };
    }

    private static NotebookCode TranslateNotebook(string notebookFile, string folder, Manifest? manifest, TrackingBundle bundle, List<ExtractNote> notes)
    {
        var full = Path.GetFullPath(notebookFile);
        if (!File.Exists(full)) throw new ExtractionException($"{notebookFile}: no such file");
        var notebook = Notebooks.Read(notebookFile);
        var bytes = File.ReadAllBytes(full);
        var relative = Path.GetRelativePath(folder, full).Replace('\\', '/');
        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
        var label = notebookFile;
        var selected = CellSelector.Select(notebook, label, notes);
        if (!selected.Any(c => c.Role != CellRole.Test))
        {
            throw new ExtractionException($"{notebookFile}: no C# code cells to extract (cells of other kernels, marked hide, or only tests)");
        }
        var parsed = new List<(SelectedCell, ParsedCell)>();
        foreach (var cell in selected)
        {
            var cellCode = CellParser.Parse(cell.Source, label, cell.Number, $"{relative} [cell {cell.Number}]", notes);
            foreach (var import in cellCode.Imports)
            {
                var importFull = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(full)!, import));
                if (!File.Exists(importFull)) throw new ExtractionException($"{notebookFile}: cell {cell.Number}: imported file {import} not found");
                var importRelative = Path.GetRelativePath(folder, importFull).Replace('\\', '/');
                parsed.Add((cell with { Role = CellRole.Code }, CellParser.Parse(File.ReadAllText(importFull, Encoding.UTF8), label, cell.Number, importRelative, notes)));
            }
            parsed.Add((cell, cellCode));
        }
        var recorded = manifest?.Notebooks.FirstOrDefault(e => e.Path == relative && e.Digest == digest);
        var code = new NotebookCode
        {
            Label = label,
            ClassName = ClassNameOf(full),
            NotebookPath = relative,
            Digest = digest,
            Version = recorded is not null ? new CodeVersion(recorded.Commit, recorded.Dirty) : CodeVersion.Of(full),
        };
        var packages = parsed.SelectMany(p => p.Item2.Packages).Select(p => new KeyValuePair<string, string?>(p.Name, p.Version));
        new NotebookTranslator(code, parsed, PackageAssemblies.Find(packages), bundle.TrackingAssembly, notes).Translate();
        return code;
    }

    private static string ClassNameOf(string path)
    {
        var name = Path.GetFileName(path);
        foreach (var extension in new[] { ".ipynb", ".dib", ".cs", ".md" })
        {
            if (name.EndsWith(extension, StringComparison.OrdinalIgnoreCase)) name = name[..^extension.Length];
        }
        return Identifiers.FromText(name, "Notebook");
    }

    private static void CheckUnique(List<NotebookCode> codes, string ns)
    {
        var classes = new Dictionary<string, string>(StringComparer.Ordinal);
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var code in codes)
        {
            if (!classes.TryAdd(code.ClassName, code.Label)) throw new ExtractionException($"{code.Label}: its class name {code.ClassName} is also {classes[code.ClassName]}'s; rename one notebook");
            foreach (var type in code.TopLevelTypes)
            {
                if (type == code.ClassName || classes.ContainsKey(type)) throw new ExtractionException($"{code.Label}: type {type} has the name of a notebook's class; rename the type or the notebook");
                if (!types.TryAdd(type, code.Label)) throw new ExtractionException($"{code.Label}: type {type} is also declared in {types[type]}; notebooks in one library share the namespace {ns}");
            }
        }
    }
}
