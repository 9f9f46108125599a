namespace NbTools.Mergetool;

/// <summary>A request that passed the server's checks.</summary>
/// <param name="Method">GET or POST.</param>
/// <param name="Path">The path after the token (no leading slash).</param>
/// <param name="ContentType">The request's content type, if any.</param>
/// <param name="Body">The request body as text.</param>
internal sealed record ToolRequest(string Method, string Path, string? ContentType, string Body);
