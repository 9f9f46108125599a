namespace NbTools.Core.Formats.Text;

/// <summary>
/// A language a notebook can be written in as a script: its usual name, file extension and line
/// comment. The table follows jupytext's, so files are interchangeable with jupytext users.
/// </summary>
/// <param name="Name">Usual language name (<c>csharp</c>, <c>python</c>, <c>R</c>…).</param>
/// <param name="Extension">File extension with the dot.</param>
/// <param name="Comment">Line comment prefix.</param>
/// <param name="CommentSuffix">Suffix for languages with block comments only (OCaml, SAS…), else empty.</param>
public sealed record ScriptLanguage(string Name, string Extension, string Comment, string CommentSuffix = "")
{
    /// <summary>Every script language, first extension first.</summary>
    public static IReadOnlyList<ScriptLanguage> All { get; } =
    [
        new("python", ".py", "#"),
        new("csharp", ".cs", "//"),
        new("fsharp", ".fsx", "//"),
        new("fsharp", ".fs", "//"),
        new("powershell", ".ps1", "#"),
        new("R", ".R", "#"),
        new("R", ".r", "#"),
        new("julia", ".jl", "#"),
        new("coconut", ".coco", "#"),
        new("c++", ".cpp", "//"),
        new("scheme", ".ss", ";;"),
        new("clojure", ".clj", ";;"),
        new("scheme", ".scm", ";;"),
        new("bash", ".sh", "#"),
        new("q", ".q", "/"),
        new("matlab", ".m", "%"),
        new("wolfram language", ".wolfram", "(*", "*)"),
        new("idl", ".pro", ";"),
        new("javascript", ".js", "//"),
        new("typescript", ".ts", "//"),
        new("scala", ".scala", "//"),
        new("rust", ".rs", "//"),
        new("robotframework", ".robot", "#"),
        new("sos", ".sos", "#"),
        new("java", ".java", "//"),
        new("groovy", ".groovy", "//"),
        new("sage", ".sage", "#"),
        new("ocaml", ".ml", "(*", "*)"),
        new("haskell", ".hs", "--"),
        new("tcl", ".tcl", "#"),
        new("maxima", ".mac", "/*", "*/"),
        new("gnuplot", ".gp", "#"),
        new("stata", ".do", "//"),
        new("sas", ".sas", "/*", "*/"),
        new("xonsh", ".xsh", "#"),
        new("lua", ".lua", "--"),
        new("go", ".go", "//"),
        new("sql", ".sql", "--"),
        // Beyond jupytext's table: kernels whose language it does not know, with their usual
        // extension and line comment, so their notebooks get a right script rather than Python's "#".
        new("qsharp", ".qs", "//"),
        new("apl", ".apl", "⍝"),
        new("kotlin", ".kt", "//"),
        new("c", ".c", "//"),
        new("swift", ".swift", "//"),
        new("dart", ".dart", "//"),
        new("php", ".php", "//"),
        new("zig", ".zig", "//"),
        new("ruby", ".rb", "#"),
        new("perl", ".pl", "#"),
        new("elixir", ".exs", "#"),
        new("nim", ".nim", "#"),
        new("erlang", ".erl", "%"),
        new("racket", ".rkt", ";"),
        new("common-lisp", ".lisp", ";"),
        new("fortran", ".f90", "!"),
    ];

    /// <summary>The language of a file extension (case-sensitive first, as .R/.r differ only in case).</summary>
    public static ScriptLanguage? ByExtension(string extension) =>
        All.FirstOrDefault(l => l.Extension == extension)
        ?? All.FirstOrDefault(l => string.Equals(l.Extension, extension, StringComparison.OrdinalIgnoreCase));

    /// <summary>The language for a language name as kernels spell it (C#, c#, .net-csharp, pwsh, Python 3…).</summary>
    public static ScriptLanguage? ByName(string? language)
    {
        var name = UsualName(language);
        return name is null ? null : All.FirstOrDefault(l => l.Name == name);
    }

    /// <summary>Normalises a language name: <c>C#</c>→csharp, <c>F#</c>→fsharp, <c>pwsh</c>→powershell, <c>r</c>→R.</summary>
    public static string? UsualName(string? language)
    {
        if (string.IsNullOrWhiteSpace(language)) return null;
        var lower = language.Trim().ToLowerInvariant();
        if (lower.StartsWith(".net-", StringComparison.Ordinal)) lower = lower[5..];
        return lower switch
        {
            "r" => "R",
            "c#" or "cs" or "csharp" => "csharp",
            "f#" or "fs" or "fsharp" => "fsharp",
            "pwsh" or "powershell" or "ps1" => "powershell",
            "octave" => "matlab",
            "python3" or "python2" or "ipython" or "ipython3" => "python",
            "js" => "javascript",
            "q#" or "qs" => "qsharp",
            "dyalog apl" or "dyalog" => "apl",
            "wolfram" or "mathematica" => "wolfram language",
            "lisp" or "common lisp" or "sbcl" => "common-lisp",
            "sh" => "bash",
            _ when lower.StartsWith("c++", StringComparison.Ordinal) => "c++",
            _ when lower.StartsWith("julia", StringComparison.Ordinal) => "julia",
            _ => lower,
        };
    }
}
