using System.Text;
using NbTools.Extraction.Translation;

namespace NbTools.Extraction.Output;

/// <summary>Builds generated C# text: notebook code under <c>#line</c> directives pointing at its cell, the rest as extract's own.</summary>
internal sealed class CodeText
{
    private readonly StringBuilder text = new();

    public CodeText Line(string line = "")
    {
        text.Append(line).Append('\n');
        return this;
    }

    /// <summary>Notebook code, each piece under a <c>#line</c> naming its notebook, cell and line, in the kernel's nullable context (off).</summary>
    public CodeText Notebook(IEnumerable<Emitted> pieces)
    {
        var any = false;
        foreach (var piece in pieces)
        {
            if (!any) Line("#nullable disable");
            any = true;
            if (piece.LineFile is not null) Line($"#line {piece.Line} \"{piece.LineFile.Replace('"', '\'')}\"");
            text.Append(piece.Text);
        }
        if (any) Line("#line default").Line("#nullable restore");
        return this;
    }

    public override string ToString() => text.ToString();

    /// <summary>A C# string literal (for #line file names and constants).</summary>
    public static string Quote(string value)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in value)
        {
            builder.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }
        return builder.Append('"').ToString();
    }
}
