namespace NbTools.Mergetool;

/// <summary>What <c>nbtools mergetool</c> resolves: the three versions and where the result goes.</summary>
/// <param name="BasePath">The common ancestor (an empty file: none, as when both sides added the notebook).</param>
/// <param name="LocalPath">Our version; the result is written in its file's style.</param>
/// <param name="RemotePath">Their version.</param>
/// <param name="MergedPath">Where Save writes the resolved notebook.</param>
public sealed record MergeToolRequest(string BasePath, string LocalPath, string RemotePath, string MergedPath);
