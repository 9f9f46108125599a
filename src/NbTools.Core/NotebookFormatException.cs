namespace NbTools.Core;

/// <summary>
/// A file is not a notebook NbTools can read: unreadable bytes, invalid JSON, a wrong type where
/// the notebook format wants another, or an unsupported nbformat version.
/// </summary>
public sealed class NotebookFormatException : NbToolsException
{
    /// <summary>Creates the error; the message is composed as <c>FILE: [PATH: ]problem (line L, position P)</c>.</summary>
    public NotebookFormatException(string file, string problem, string? jsonPath = null, int? line = null, int? position = null, Exception? inner = null)
        : base(Compose(file, problem, jsonPath, line, position), inner)
    {
        File = file;
        Problem = problem;
        JsonPath = jsonPath;
        Line = line;
        Position = position;
    }

    /// <summary>The file (as the user named it).</summary>
    public string File { get; }

    /// <summary>What is wrong, without the location.</summary>
    public string Problem { get; }

    /// <summary>The JSON path of the offending value, e.g. <c>cells[3].source</c>, when known.</summary>
    public string? JsonPath { get; }

    /// <summary>1-based line of the offending text, when known.</summary>
    public int? Line { get; }

    /// <summary>1-based character position within <see cref="Line"/>, when known.</summary>
    public int? Position { get; }

    private static string Compose(string file, string problem, string? jsonPath, int? line, int? position)
    {
        var where = jsonPath is null ? "" : jsonPath + ": ";
        var at = line is null ? "" : position is null ? $" (line {line})" : $" (line {line}, position {position})";
        return $"{file}: {where}{problem}{at}";
    }
}
