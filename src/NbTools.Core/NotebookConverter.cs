using NbTools.Core.Formats;
using NbTools.Core.Formats.Ipynb;
using NbTools.Core.IO;

namespace NbTools.Core;

/// <summary>Runs a <see cref="ConvertRequest"/>: expands folders, reads every input, then writes atomically.</summary>
internal static class NotebookConverter
{
    public static ConvertResult Convert(ConvertRequest request)
    {
        var to = TargetName(request);
        var canonical = FormatSpellings.Canonical(to);
        var isLight = string.Equals(canonical, NotebookFormats.LightScript, StringComparison.OrdinalIgnoreCase);
        var isScript = isLight || string.Equals(canonical, NotebookFormats.Script, StringComparison.OrdinalIgnoreCase);
        var named = isScript ? null : NotebookFormats.ByName(to, request.Options) ?? throw Notebooks.UnknownFormat(to);
        var inputs = ExpandInputs(request, named);
        if (inputs.Count == 0) throw new NbToolsException("no notebooks to convert");
        var toStdout = request.Output == "-" || (request.Output is null && request.Inputs is [StandardInput]);
        if (request.Update && (named is not IpynbFormat || toStdout))
        {
            throw new NbToolsException("--update brings a text into an existing .ipynb: use it with --to ipynb (or -o NB.ipynb) and an output file");
        }
        if (toStdout && inputs.Count > 1)
        {
            throw new NbToolsException($"-o - writes to standard output, which takes one notebook, not {inputs.Count}");
        }

        // Read every input first: a bad one stops the run before anything is written.
        var planned = new List<(string Input, string? Output, Model.Notebook Notebook, INotebookFormat Target)>(inputs.Count);
        var claimed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (input, relative) in inputs)
        {
            var notebook = input == StandardInput ? ReadStandardInput(request) : Notebooks.Read(input, request.From);
            var target = named ?? ScriptTarget(input, notebook, request.Options, isLight);
            var output = toStdout ? null : OutputPath(request, input, relative, target, inputs.Count);
            if (output is not null)
            {
                var key = Path.GetFullPath(output);
                if (claimed.TryGetValue(key, out var other))
                {
                    throw new NbToolsException($"{input}: would write {output}, which {other} also writes; use -o to choose another place");
                }
                claimed[key] = input;
                RefuseOverwritingAnInput(inputs.Select(i => i.Path), input, output, target);
                if (!request.Force && !(request.Update && target is IpynbFormat)) GuardExisting(input, output, target);
            }
            planned.Add((input, output, notebook, target));
        }

        if (toStdout)
        {
            var (input, _, notebook, target) = planned[0];
            using var buffer = new MemoryStream();
            target.Write(notebook, buffer);
            return new ConvertResult([new ConvertedFile(input, null, true, notebook.UpgradedFrom)], buffer.ToArray()) { Format = to };
        }
        var results = new List<ConvertedFile>(planned.Count);
        foreach (var (input, output, notebook, target) in planned)
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(output!));
            if (folder is not null) Directory.CreateDirectory(folder);
            var result = request.Update && File.Exists(output) ? Updated(output!, input, notebook, request) : notebook;
            var written = AtomicFile.WriteIfChanged(output!, stream => target.Write(result, stream));
            results.Add(new ConvertedFile(input, output, written, notebook.UpgradedFrom));
        }
        return new ConvertResult(results, null) { Format = to };
    }

    /// <summary>The input name that stands for standard input.</summary>
    private const string StandardInput = "-";

    /// <summary>The target format: <c>--to</c>, else the extension of the output file (as jupytext infers it).</summary>
    private static string TargetName(ConvertRequest request)
    {
        if (request.To is { Length: > 0 } to) return to;
        if (request.Output is { } output && output != "-" && !Directory.Exists(output) && NotebookFormats.ByPath(output, request.Options) is { } format)
        {
            return format.Name;
        }
        throw new NbToolsException("no target format: give --to FORMAT, or -o with a file name whose extension names one (nb.ipynb, nb.py, nb.md)");
    }

    private static Model.Notebook ReadStandardInput(ConvertRequest request)
    {
        var bytes = request.StandardInput ?? throw new NbToolsException("'-' reads standard input, which was not given");
        var format = request.From is { } from
            ? NotebookFormats.ByName(from, request.Options) ?? throw Notebooks.UnknownFormat(from)
            : FormatSpellings.Detect(bytes, request.Options)
              ?? throw new NbToolsException("<stdin>: cannot tell the notebook format of standard input; give --from FORMAT (ipynb, md, py…)");
        return format.Read(bytes, "<stdin>");
    }

    /// <summary>The existing notebook with the text's cells brought in (outputs of unchanged cells kept), as a sync does.</summary>
    private static Model.Notebook Updated(string output, string input, Model.Notebook text, ConvertRequest request)
    {
        var existing = Notebooks.Read(output);
        var fromDib = input != StandardInput && NotebookFormats.ByPath(input) is Formats.Dib.DibFormat;
        Pairing.InputsMerger.Merge(existing, text, request.Options ?? Formats.Text.TextFormatOptions.Default, fromDib, keepStaleOutputs: false);
        return existing;
    }

    /// <summary>The notebook's own script format; an error names the notebook.</summary>
    private static INotebookFormat ScriptTarget(string input, Model.Notebook notebook, Formats.Text.TextFormatOptions? options, bool light)
    {
        try
        {
            return light ? NotebookFormats.LightScriptFor(notebook, options) : NotebookFormats.ScriptFor(notebook, options);
        }
        catch (NbToolsException ex)
        {
            throw new NbToolsException($"{input}: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// An output that is one of the inputs (by name or through a symbolic link) in another format
    /// would replace the notebook with its text: refused even with --force. Converting a notebook to
    /// its own format in place (normalising an .ipynb) stays allowed.
    /// </summary>
    private static void RefuseOverwritingAnInput(IEnumerable<string> inputs, string input, string output, INotebookFormat target)
    {
        if (!File.Exists(output)) return;
        foreach (var other in inputs)
        {
            if (!IO.FilePaths.Same(other, output)) continue;
            // The same format, or a script rewritten as light (its path gives the percent reader, which reads light too).
            var own = NotebookFormats.ByPath(input);
            if (other == input && (own?.Name == target.Name || (target is Formats.Light.LightFormat && own?.Extensions[0] == target.Extensions[0]))) return;
            throw new NbToolsException($"{output}: is an input of this conversion; writing {target.Name} there would replace {other}. Choose another -o");
        }
    }

    /// <summary>
    /// Never lose data by converting over a file: an existing .ipynb holds outputs that a text
    /// cannot give back, and an existing script without a notebook header is somebody's code.
    /// </summary>
    private static void GuardExisting(string input, string output, INotebookFormat format)
    {
        // A dangling symbolic link is no existing file: its target is created.
        var target = IO.FilePaths.WriteTarget(output);
        if (!File.Exists(target) || Path.GetFullPath(output) == Path.GetFullPath(input)) return;
        if (IO.FileKind.IsRegular(target) == false) return; // a device or pipe holds nobody's file
        if (format is IpynbFormat)
        {
            if (NotebookFormats.ByPath(input) is IpynbFormat) return;
            throw new NbToolsException($"{output}: exists, and converting {input} over it would drop its outputs; use -o to write elsewhere, or --force to replace it");
        }
        if (!Pairing.TextNotebookFiles.LooksLikeNotebookText(output))
        {
            throw new NbToolsException($"{output}: exists and is not a notebook text (no jupytext/NbTools header); use -o to write elsewhere, or --force to replace it");
        }
    }

    private static List<(string Path, string Relative)> ExpandInputs(ConvertRequest request, INotebookFormat? target)
    {
        var result = new List<(string, string)>();
        foreach (var input in request.Inputs)
        {
            if (Directory.Exists(input))
            {
                if (!request.Recursive)
                {
                    throw new NbToolsException($"{input}: is a folder; pass --recursive to convert the notebooks below it");
                }
                var files = Directory.EnumerateFiles(input, "*", SearchOption.AllDirectories)
                    .Where(f => !IsHiddenOrCheckpoint(Path.GetRelativePath(input, f)) && IsNotebookFor(f, target))
                    .Order(StringComparer.Ordinal);
                foreach (var file in files) result.Add((file, Path.GetRelativePath(input, file)));
            }
            else
            {
                result.Add((input, Path.GetFileName(input)));
            }
        }
        return result;
    }

    /// <summary>Below a folder: .ipynb files always; to .ipynb, also text files with a notebook header (not plain scripts).</summary>
    private static bool IsNotebookFor(string path, INotebookFormat? target)
    {
        var format = NotebookFormats.ByPath(path);
        if (format is null) return false;
        if (format is IpynbFormat) return true;
        return target is IpynbFormat && Pairing.TextNotebookFiles.LooksLikeNotebookText(path);
    }

    private static bool IsHiddenOrCheckpoint(string relative) =>
        relative.Split(Path.DirectorySeparatorChar).Any(part => part.StartsWith('.'));

    private static string OutputPath(ConvertRequest request, string input, string relative, INotebookFormat target, int inputCount)
    {
        var extension = target.Extensions[0];
        if (request.Output is null) return Path.ChangeExtension(input, extension);
        if (inputCount > 1 || Directory.Exists(request.Output) || request.Output.EndsWith(Path.DirectorySeparatorChar))
        {
            return Path.Combine(request.Output, Path.ChangeExtension(relative, extension));
        }
        return request.Output;
    }
}
