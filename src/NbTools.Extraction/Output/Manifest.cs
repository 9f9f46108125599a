using System.Text.Json;

namespace NbTools.Extraction.Output;

/// <summary>
/// <c>.nbtools-extract.json</c>: marks a folder as written by extract (so it may be written again
/// without --force) and records each notebook's digest and code version, so that extracting an
/// unchanged notebook again – after a commit, say – bakes in the same version and changes no byte.
/// </summary>
internal sealed record Manifest(IReadOnlyList<Manifest.Entry> Notebooks, IReadOnlyList<string> Files)
{
    public const string FileName = ".nbtools-extract.json";

    /// <summary>One notebook: path relative to the folder, digest and the code version baked in.</summary>
    public sealed record Entry(string Path, string Digest, string? Commit, bool Dirty);

    public byte[] ToBytes()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("generator", "nbtools extract");
            json.WriteStartArray("notebooks");
            foreach (var entry in Notebooks)
            {
                json.WriteStartObject();
                json.WriteString("path", entry.Path);
                json.WriteString("digest", entry.Digest);
                if (entry.Commit is null) json.WriteNull("commit");
                else json.WriteString("commit", entry.Commit);
                json.WriteBoolean("dirty", entry.Dirty);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("files");
            foreach (var file in Files) json.WriteStringValue(file);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>The manifest in <paramref name="folder"/>, or null when there is none (or it is not one of ours).</summary>
    public static Manifest? Read(string folder)
    {
        var path = System.IO.Path.Combine(folder, FileName);
        if (!File.Exists(path)) return null;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = doc.RootElement;
            if (root.GetProperty("generator").GetString() != "nbtools extract") return null;
            var notebooks = root.GetProperty("notebooks").EnumerateArray().Select(e => new Entry(
                e.GetProperty("path").GetString() ?? "",
                e.GetProperty("digest").GetString() ?? "",
                e.GetProperty("commit").GetString(),
                e.GetProperty("dirty").GetBoolean())).ToList();
            var files = root.GetProperty("files").EnumerateArray().Select(e => e.GetString() ?? "").ToList();
            return new Manifest(notebooks, files);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new ExtractionException($"{path}: not a valid extract manifest ({ex.Message}); delete it or use another output folder");
        }
    }
}
