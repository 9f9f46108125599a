namespace NbTools.Extraction.Output;

/// <summary>A file of the generated project: its path relative to the output folder and its bytes; a package is copied only when missing.</summary>
internal sealed record GeneratedFile(string RelativePath, byte[] Content, bool CopyWhenMissing = false);
