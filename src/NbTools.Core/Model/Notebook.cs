using NbTools.Core.Formats.Ipynb;
using NbTools.Core.Json;
using Newtonsoft.Json.Linq;

namespace NbTools.Core.Model;

/// <summary>
/// A Jupyter notebook. A notebook read from a file remembers that file's bytes, so writing it back
/// changes only what was changed in the model: an untouched notebook is written byte-identical.
/// </summary>
public sealed class Notebook
{
    private LazyToken metadata;

    /// <summary>Creates an empty nbformat 4.5 notebook.</summary>
    public Notebook()
    {
        metadata = new LazyToken(new JObject());
    }

    internal Notebook(LazyToken metadata, IpynbOrigin origin)
    {
        this.metadata = metadata;
        Origin = origin;
    }

    /// <summary>Major format version (4 once read; nbformat 3 files are upgraded in memory).</summary>
    public int NbFormat { get; set; } = 4;

    /// <summary>Minor format version.</summary>
    public int NbFormatMinor { get; set; } = 5;

    /// <summary>Notebook metadata: kernelspec, language_info and anything else (parsed on first access).</summary>
    public JObject Metadata
    {
        get => metadata.Value as JObject ?? throw new InvalidOperationException("notebook metadata is not a JSON object");
        set => metadata.Value = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>The cells, in order.</summary>
    public List<Cell> Cells { get; } = [];

    /// <summary>Top-level keys nbformat does not define, kept verbatim.</summary>
    public ExtraProperties Extra { get; } = new();

    /// <summary>The version the file had when it was upgraded on reading (e.g. <c>"3.0"</c>); null when not upgraded.</summary>
    public string? UpgradedFrom { get; internal set; }

    internal IpynbOrigin? Origin { get; }

    internal LazyToken MetadataToken => metadata;
}
