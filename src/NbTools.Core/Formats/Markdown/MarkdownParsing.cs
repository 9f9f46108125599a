using Markdig;
using Markdig.Syntax;

namespace NbTools.Core.Formats.Markdown;

/// <summary>
/// Markdig with a bound: Markdig refuses nesting deeper than its own limit with an exception, and
/// takes seconds on lists nested thousands deep before it gets there. Text whose lines open more
/// than <see cref="MaxNesting"/> containers (block quotes, indentation) is not handed to it at all;
/// callers fall back to treating the text as plain lines.
/// </summary>
public static class MarkdownParsing
{
    /// <summary>The deepest nesting of block quotes and indented lists NbTools parses as Markdown.</summary>
    public const int MaxNesting = 64;

    /// <summary>The parsed document, or null when the text nests too deeply to parse safely.</summary>
    public static MarkdownDocument? TryParse(string text, MarkdownPipeline pipeline)
    {
        if (TooDeep(text)) return null;
        try
        {
            return Markdig.Markdown.Parse(text, pipeline);
        }
        catch (ArgumentException)
        {
            return null; // Markdig's own depth limit
        }
    }

    /// <summary>Markdown rendered as HTML, or null when the text nests too deeply to parse safely.</summary>
    public static string? TryToHtml(string text, MarkdownPipeline pipeline)
    {
        if (TooDeep(text)) return null;
        try
        {
            return Markdig.Markdown.ToHtml(text, pipeline);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>True when a line's leading block syntax (quote markers, list indentation) opens too many containers.</summary>
    public static bool TooDeep(string text)
    {
        var depth = 0;
        var columns = 0;
        foreach (var c in text)
        {
            switch (c)
            {
                case '\n':
                    depth = columns = 0;
                    continue;
                case '>':
                    depth++;
                    break;
                case ' ':
                    columns++;
                    break;
                case '\t':
                    columns += 4;
                    break;
                case '-' or '*' or '+' or '.' or ')' or (>= '0' and <= '9'):
                    break;
                default:
                    depth = int.MinValue / 2; // past the line's leading syntax: nothing more to count here
                    continue;
            }
            if (depth + columns / 2 > MaxNesting) return true;
        }
        return false;
    }
}
