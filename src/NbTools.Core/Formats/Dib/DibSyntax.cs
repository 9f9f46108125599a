using NbTools.Core.Json;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;

namespace NbTools.Core.Formats.Dib;

/// <summary>
/// Line rules of .dib files: a cell starts at a line that is exactly <c>#!name</c> for a kernel name
/// or alias the file declares (plus <c>markdown</c>/<c>md</c>, and NbTools' <c>raw</c>); other
/// <c>#!</c> lines are magic commands inside a cell. NbTools escapes a content line that would read
/// as a cell start by adding one <c>!</c> (<c>#!!fsharp</c>), and reading removes it.
/// </summary>
internal sealed partial class DibSyntax
{
    /// <summary>Kernel names .NET Interactive knows when a file declares none (no <c>#!meta</c>).</summary>
    public static readonly string[] DefaultKernelNames =
    [
        "csharp", "cs", "C#", "c#", "fsharp", "fs", "F#", "f#", "pwsh", "powershell", "javascript", "js", "html", "sql", "kql", "mermaid", "value", "http",
    ];

    private readonly HashSet<string> splitters;

    public DibSyntax(IEnumerable<string> kernelNames)
    {
        splitters = new HashSet<string>(kernelNames, StringComparer.Ordinal) { "markdown", "md", "raw" };
    }

    /// <summary>
    /// The names that start cells: the ones a <c>#!meta</c> kernelInfo declares, plus the kernels
    /// .NET Interactive always has (its reader splits at <c>#!csharp</c> or <c>#!javascript</c>
    /// whether or not a file declares them).
    /// </summary>
    public static IEnumerable<string> KernelNames(JObject? kernelInfo)
    {
        var names = new List<string>(DefaultKernelNames);
        if (kernelInfo?["items"] is not JArray items) return names;
        foreach (var item in items.OfType<JObject>())
        {
            if (item["name"].Str() is { } name) names.Add(name);
            foreach (var alias in item["aliases"] as JArray ?? []) if (alias.Str() is { } a) names.Add(a);
        }
        return names;
    }

    /// <summary>If the line starts a cell: the kernel name and the rest (NbTools raw-cell options).</summary>
    public (string Kernel, string Options)? CellStart(string line)
    {
        var m = StartPattern().Match(line);
        if (!m.Success || m.Groups[1].Length > 0) return null;
        var name = m.Groups[2].Value;
        var rest = m.Groups[3].Value;
        if (!splitters.Contains(name)) return null;
        if (rest.Length > 0 && !(name == "raw" && RawOptions().IsMatch(rest))) return null;
        return (name, rest);
    }

    /// <summary>A content line that must be escaped: a cell start, or an already escaped one.</summary>
    public bool NeedsEscape(string line) => IsStartLike(line);

    /// <summary>An escaped content line (<c>#!!name</c>): reading removes one <c>!</c>.</summary>
    public bool IsEscaped(string line) => IsStartLike(line) && StartPattern().Match(line).Groups[1].Length > 0;

    public static string Escape(string line) => "#!!" + line[2..];

    public static string Unescape(string line) => "#!" + line[3..];

    private bool IsStartLike(string line)
    {
        var m = StartPattern().Match(line);
        if (!m.Success) return false;
        var name = m.Groups[2].Value;
        var rest = m.Groups[3].Value;
        return splitters.Contains(name) && (rest.Length == 0 || (name == "raw" && RawOptions().IsMatch(rest)));
    }

    [GeneratedRegex(@"^#!(!*)([^\s!][^\s]*)(.*)$")]
    private static partial Regex StartPattern();

    [GeneratedRegex(@"^( --(format|cell-type) [^\s]+)+$")]
    private static partial Regex RawOptions();
}
