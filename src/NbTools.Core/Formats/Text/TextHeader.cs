using NbTools.Core.Json;
using Newtonsoft.Json.Linq;

namespace NbTools.Core.Formats.Text;

/// <summary>
/// The notebook metadata a text format carries in its header: the filtered notebook metadata plus
/// <c>jupytext.text_representation</c> naming the format and its version, and back.
/// </summary>
public static class TextHeader
{
    /// <summary>The version of the text formats NbTools writes (jupytext's numbering).</summary>
    public const string FormatVersion = "1.3";

    /// <summary>NbTools' own version of its additions to the format (escapes, exact blank lines).</summary>
    public const string NbToolsFormatVersion = "1";

    /// <summary>The <c>jupyter:</c> mapping for a header.</summary>
    public static JObject Build(JObject notebookMetadata, MetadataFilter filter, string extension, string formatName, string formatVersion = FormatVersion)
    {
        var shown = new JObject();
        foreach (var property in filter.Apply(notebookMetadata))
        {
            // NbTools' own sync state describes the texts: it never goes into one.
            if (property.Name != "nbtools") shown[property.Name] = property.Value.DeepClone();
        }
        var jupytext = shown["jupytext"] as JObject ?? new JObject();
        jupytext["text_representation"] = new JObject
        {
            ["extension"] = extension,
            ["format_name"] = formatName,
            ["format_version"] = formatVersion,
            ["nbtools_format_version"] = NbToolsFormatVersion,
        };
        shown["jupytext"] = jupytext;
        return shown;
    }

    /// <summary>
    /// Notebook metadata from a header's <c>jupyter:</c> mapping: checks the format and its version,
    /// then drops <c>text_representation</c> (it describes the text, not the notebook).
    /// </summary>
    public static JObject Read(JObject jupyter, string expectedFormat, string file)
    {
        var metadata = (JObject)jupyter.DeepClone();
        if (metadata["jupytext"] is JObject jupytext)
        {
            if (jupytext["text_representation"] is JObject representation)
            {
                var name = representation["format_name"].Str();
                if (name is not null && name != expectedFormat)
                {
                    throw new NotebookFormatException(file, $"the header says format \"{name}\"; NbTools reads \"{expectedFormat}\" from this extension", line: 1);
                }
                CheckVersion(file, representation["format_version"].Str(), FormatVersion, "format_version");
                CheckVersion(file, representation["nbtools_format_version"].Str(), NbToolsFormatVersion, "nbtools_format_version");
            }
            jupytext.Remove("text_representation");
            if (!jupytext.HasValues) metadata.Remove("jupytext");
        }
        return metadata;
    }

    private static void CheckVersion(string file, string? version, string supported, string key)
    {
        if (version is null) return;
        var parts = version.Split('.');
        var supportedMajor = supported.Split('.')[0];
        if (!int.TryParse(parts[0], out var major) || major > int.Parse(supportedMajor, System.Globalization.CultureInfo.InvariantCulture))
        {
            throw new NotebookFormatException(file,
                $"the header's {key} is {version}, newer than the {supported} this NbTools reads; upgrade NbTools", line: 1);
        }
    }
}
