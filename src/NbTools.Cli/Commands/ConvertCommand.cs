using System.CommandLine;
using NbTools.Core;
using NbTools.Core.Formats;

namespace NbTools.Cli.Commands;

/// <summary><c>nbtools convert IN...|- [--to FORMAT] [--from FORMAT] [-o OUT|-] [--recursive] [--update]</c>.</summary>
public static class ConvertCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliConsole console)
    {
        var inputs = new Argument<string[]>("inputs")
        {
            Description = "Notebook files (or folders, with --recursive); '-' reads one notebook from standard input (written to standard output unless -o says otherwise).",
            Arity = ArgumentArity.OneOrMore,
        };
        var to = new Option<string?>("--to", "-t")
        {
            Description = $"Target format: ipynb, md, md:myst, dib, script (the notebook's own language as a percent script), or a script extension: {string.Join(", ", NotebookFormats.All.OfType<Core.Formats.Percent.PercentFormat>().Select(f => f.Name))}. Light scripts: EXT:light (py:light, R:light, cs:light, …) or script:light. jupytext's spellings work too: py:percent, .py, markdown, myst, notebook, auto, auto:light. When omitted, taken from the extension of -o. 'ipynb' normalises a notebook: nbformat 3 is upgraded to 4.5, nbformat 4 is kept byte for byte.",
        };
        var from = new Option<string?>("--from")
        {
            Description = "Input format (same names as --to). Default: from each file's extension; for standard input ('-' as input), from its content.",
        };
        var update = new Option<bool>("--update")
        {
            Description = "Converting a text to an existing .ipynb: bring the text's cells into it as sync does, keeping the outputs of unchanged cells (jupytext's --update), instead of refusing to drop its outputs.",
        };
        var output = new Option<string?>("--output", "-o")
        {
            Description = "Where to write: a file (one input), a folder (several inputs), or '-' for standard output. Default: beside each input. An input is never replaced by another format, even with --force; a symbolic link is written through.",
        };
        var recursive = new Option<bool>("--recursive", "-r")
        {
            Description = "Convert every notebook below the folders given (hidden folders such as .git and .ipynb_checkpoints are skipped).",
        };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print no summary line." };
        var force = new Option<bool>("--force")
        {
            Description = "Replace an existing output that conversion would otherwise refuse to overwrite: an .ipynb holding outputs (when converting text to ipynb) or a script without a notebook header.",
        };
        var cellMetadata = new Option<string?>("--cell-metadata")
        {
            Description = "Which cell metadata the text shows, in jupytext's filter syntax: 'all', '-all', or 'key,-key' adjusting the default (which hides vscode, execution, ExecuteTime, collapsed, scrolled, trusted, jupyter, papermill, colab… and kernel metadata that repeats the notebook default).",
        };
        var notebookMetadata = new Option<string?>("--notebook-metadata")
        {
            Description = "Which notebook metadata the text header shows (default: kernelspec, language_info, jupytext, polyglot_notebook). Same syntax as --cell-metadata.",
        };

        var command = new Command("convert", "Convert notebooks between .ipynb and text formats (percent scripts, Markdown, .dib). Every cell source survives byte for byte. Nothing is written unless every input converts; files are replaced atomically and left untouched when already identical.")
        {
            inputs, to, output, recursive, quiet, force, cellMetadata, notebookMetadata, from, update,
        };
        command.SetAction(parse =>
        {
            var options = Core.Formats.Text.TextFormatOptions.FromSpecs(parse.GetValue(cellMetadata), parse.GetValue(notebookMetadata));
            var names = parse.GetValue(inputs)!;
            var request = new ConvertRequest(names, parse.GetValue(to), parse.GetValue(output), parse.GetValue(recursive), options, parse.GetValue(force))
            {
                From = parse.GetValue(from),
                StandardInput = names.Contains("-") ? ReadStandardInput() : null,
                Update = parse.GetValue(update),
            };
            var result = Notebooks.Convert(request);
            foreach (var file in result.Files.Where(f => f.UpgradedFrom is not null))
            {
                console.Error.WriteLine($"nbtools: note: {file.Input}: upgraded from nbformat {file.UpgradedFrom} to 4.5 (cells get content-derived ids)");
            }
            if (result.StandardOutput is { } bytes)
            {
                console.WriteBytes(bytes);
            }
            else if (!parse.GetValue(quiet))
            {
                var written = result.Files.Count(f => f.Written);
                var unchanged = result.Files.Count - written;
                var noun = result.Files.Count == 1 ? "notebook" : "notebooks";
                console.Error.WriteLine($"nbtools: converted {result.Files.Count} {noun} to {result.Format}: {written} written, {unchanged} already up to date");
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static byte[] ReadStandardInput()
    {
        using var input = Console.OpenStandardInput();
        using var buffer = new MemoryStream();
        input.CopyTo(buffer);
        return buffer.ToArray();
    }
}
