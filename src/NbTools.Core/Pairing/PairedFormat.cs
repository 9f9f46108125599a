using NbTools.Core.Formats;
using NbTools.Core.Formats.Dib;
using NbTools.Core.Formats.Markdown;
using NbTools.Core.Formats.Percent;
using NbTools.Core.Formats.Text;

namespace NbTools.Core.Pairing;

/// <summary>
/// One text format of a pair, in jupytext's <c>formats</c> syntax: <c>cs:percent</c>,
/// <c>py:percent</c>, <c>py:light</c>, <c>md</c>, <c>dib</c> (the <c>ipynb</c> entry is the notebook itself).
/// </summary>
/// <param name="Extension">File extension with the dot (<c>.cs</c>).</param>
/// <param name="Spec">How it is written in <c>jupytext.formats</c> (<c>cs:percent</c>).</param>
public sealed record PairedFormat(string Extension, string Spec)
{
    /// <summary>The format that reads and writes it.</summary>
    public INotebookFormat Create(TextFormatOptions options) => Extension switch
    {
        ".md" when Spec == "md:myst" => new Formats.Myst.MystFormat(options),
        ".md" => new MarkdownFormat(options),
        ".dib" => new DibFormat(options),
        _ when Spec.EndsWith(":light", StringComparison.Ordinal) => new Formats.Light.LightFormat(ScriptLanguage.ByExtension(Extension)!, options),
        _ => new PercentFormat(ScriptLanguage.ByExtension(Extension)!, options),
    };

    /// <summary>Parses jupytext's <c>formats</c> value (<c>"ipynb,cs:percent,md"</c>) into the text formats.</summary>
    public static List<PairedFormat> ParseList(string formats, string where)
    {
        var result = new List<PairedFormat>();
        var hasIpynb = false;
        foreach (var raw in formats.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (raw.Contains('/'))
            {
                throw new NbToolsException($"{where}: paired format \"{raw}\" puts files in other folders, which NbTools does not support yet; pair files side by side (e.g. \"ipynb,py:percent\")");
            }
            var (ext, name) = raw.Contains(':') ? (raw[..raw.IndexOf(':')], raw[(raw.IndexOf(':') + 1)..]) : (raw, "");
            ext = ext.TrimStart('.');
            if (ext == "ipynb")
            {
                hasIpynb = true;
                continue;
            }
            result.Add(Parse(ext, name, raw, where));
        }
        if (!hasIpynb) throw new NbToolsException($"{where}: paired formats \"{formats}\" must include ipynb");
        return result;
    }

    /// <summary>A format for <c>nbtools pair --with NAME</c>: a script extension, <c>script</c> (resolved by the caller), <c>md</c> or <c>dib</c>.</summary>
    public static PairedFormat Parse(string ext, string name, string raw, string where)
    {
        switch (ext)
        {
            case "md":
                if (name == "myst") return new PairedFormat(".md", "md:myst");
                if (name is not ("" or "markdown")) throw Unsupported(raw, where);
                return new PairedFormat(".md", "md");
            case "dib":
                return new PairedFormat(".dib", "dib");
            default:
                if (ScriptLanguage.ByExtension("." + ext) is null)
                {
                    throw new NbToolsException($"{where}: unknown paired format \"{raw}\" (known: {NotebookFormats.Names})");
                }
                if (name == "light") return new PairedFormat("." + ext, ext + ":light");
                if (name is not ("" or "percent")) throw Unsupported(raw, where);
                return new PairedFormat("." + ext, ext + ":percent");
        }
    }

    private static NbToolsException Unsupported(string raw, string where) =>
        new($"{where}: paired format \"{raw}\" is not supported; NbTools pairs percent scripts (ext:percent), light scripts (ext:light), md, md:myst and dib");

    /// <summary>The path of this format's file for a notebook path.</summary>
    public string PathFor(string ipynbPath) => Path.ChangeExtension(ipynbPath, Extension);
}
