using NbTools.Core.Formats;
using NbTools.Core.IO;

namespace NbTools.Core;

/// <summary>Runs a <see cref="ConvertRequest"/>: expands folders, converts every input in memory, then writes atomically.</summary>
internal static class NotebookConverter
{
    public static ConvertResult Convert(ConvertRequest request)
    {
        var target = NotebookFormats.ByName(request.To) ?? throw Notebooks.UnknownFormat(request.To);
        var inputs = ExpandInputs(request);
        if (inputs.Count == 0) throw new NbToolsException("no notebooks to convert");
        var toStdout = request.Output == "-";
        if (toStdout && inputs.Count > 1)
        {
            throw new NbToolsException($"-o - writes to standard output, which takes one notebook, not {inputs.Count}");
        }

        // Read every input first: a bad one stops the run before anything is written.
        var planned = new List<(string Input, string? Output, Model.Notebook Notebook)>(inputs.Count);
        var claimed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (input, relative) in inputs)
        {
            var notebook = Notebooks.Read(input);
            var output = toStdout ? null : OutputPath(request, input, relative, target, inputs.Count);
            if (output is not null)
            {
                var key = Path.GetFullPath(output);
                if (claimed.TryGetValue(key, out var other))
                {
                    throw new NbToolsException($"{input}: would write {output}, which {other} also writes; use -o to choose another place");
                }
                claimed[key] = input;
            }
            planned.Add((input, output, notebook));
        }

        if (toStdout)
        {
            var (input, _, notebook) = planned[0];
            return new ConvertResult([new ConvertedFile(input, null, true, notebook.UpgradedFrom)], Notebooks.ToBytes(notebook, target.Name));
        }
        var results = new List<ConvertedFile>(planned.Count);
        foreach (var (input, output, notebook) in planned)
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(output!));
            if (folder is not null) Directory.CreateDirectory(folder);
            var written = AtomicFile.WriteIfChanged(output!, stream => target.Write(notebook, stream));
            results.Add(new ConvertedFile(input, output, written, notebook.UpgradedFrom));
        }
        return new ConvertResult(results, null);
    }

    private static List<(string Path, string Relative)> ExpandInputs(ConvertRequest request)
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
                    .Where(f => NotebookFormats.ByPath(f) is not null && !IsHiddenOrCheckpoint(Path.GetRelativePath(input, f)))
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
