namespace NbTools.Interactive.Formatting;

/// <summary>One result rendered twice: HTML for notebooks, plain text for everything else.</summary>
internal sealed record Rendered(string Html, string Text);
