using NbTools.Core.Json;
using Newtonsoft.Json.Linq;

namespace NbTools.Core.Model;

/// <summary>
/// One output of a code cell. The whole output object is kept, unknown output types and keys
/// included; <see cref="Content"/> parses it on first access.
/// </summary>
public sealed class Output
{
    private readonly LazyToken content;
    private readonly string? scannedType;

    /// <summary>Creates an output from its nbformat JSON object.</summary>
    public Output(JObject content) => this.content = new LazyToken(content);

    internal Output(LazyToken content, string? scannedType)
    {
        this.content = content;
        this.scannedType = scannedType;
    }

    /// <summary>The <c>output_type</c> (stream, display_data, execute_result, error, or anything else).</summary>
    public string? OutputType => content.IsMaterialized ? (string?)(Content["output_type"] as JValue)?.Value as string : scannedType;

    /// <summary>The output's JSON object. Changes to it are written back; untouched outputs are copied byte for byte.</summary>
    public JObject Content
    {
        get => content.Value as JObject ?? throw new InvalidOperationException("output is not a JSON object");
        set => content.Value = value;
    }

    internal LazyToken Token => content;

    /// <summary>A copy of <see cref="Content"/> that leaves this output untouched (see <see cref="LazyToken.Copy"/>).</summary>
    internal JObject CopyContent() => content.Copy() as JObject ?? throw new InvalidOperationException("output is not a JSON object");

    /// <summary>A stream output (<c>stdout</c> or <c>stderr</c>), its text stored as lines the way nbformat does.</summary>
    public static Output Stream(string name, string text) =>
        new(new JObject { ["name"] = name, ["output_type"] = Model.OutputType.Stream, ["text"] = Formats.Ipynb.NbformatLines.Split(text) });
}
