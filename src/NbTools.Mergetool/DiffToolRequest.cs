namespace NbTools.Mergetool;

/// <summary>What <c>nbtools difftool</c> shows: the change from <paramref name="OldPath"/> to <paramref name="NewPath"/>.</summary>
/// <param name="OldPath">The old notebook (an empty file or /dev/null: none).</param>
/// <param name="NewPath">The new notebook (an empty file or /dev/null: none).</param>
public sealed record DiffToolRequest(string OldPath, string NewPath);
