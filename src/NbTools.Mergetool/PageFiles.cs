namespace NbTools.Mergetool;

/// <summary>The page's static files, embedded in this assembly (nothing is fetched from elsewhere).</summary>
internal static class PageFiles
{
    private static readonly Dictionary<string, string> Types = new(StringComparer.Ordinal)
    {
        ["index.html"] = "text/html; charset=utf-8",
        ["app.js"] = "text/javascript; charset=utf-8",
        ["app.css"] = "text/css; charset=utf-8",
    };

    /// <summary>The file at <paramref name="path"/> ("" is index.html), or null when there is none.</summary>
    public static ToolResponse? Get(string path)
    {
        var name = path.Length == 0 ? "index.html" : path;
        if (!Types.TryGetValue(name, out var type)) return null;
        using var stream = typeof(PageFiles).Assembly.GetManifestResourceStream("NbTools.Mergetool.Page." + name)
            ?? throw new InvalidOperationException($"page file {name} is not embedded");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return new ToolResponse(200, type, buffer.ToArray(), ToolResponse.PagePolicy);
    }
}
