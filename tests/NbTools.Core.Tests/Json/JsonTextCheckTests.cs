using System.Text;
using NbTools.Core.Json;

namespace NbTools.Core.Tests.Json;

/// <summary>
/// The text check decodes an escaped string only when its raw bytes hold a surrogate escape
/// (<see cref="JsonTextCheck.MayHoldSurrogateEscape"/>); these pin that the shortcut lets no lone
/// surrogate through and mistakes no escaped backslash for an escape.
/// </summary>
public sealed class JsonTextCheckTests
{
    [Theory]
    [InlineData(@"plain text", false)]
    [InlineData(@"line\nnext\ttab \""quoted\"" \\ back\/slash", false)]
    [InlineData(@"\u00e9\u4e2d\uFFFD", false)]
    [InlineData(@"\\ud800 is an escaped backslash, then text", false)]
    [InlineData(@"\\\\ud800", false)]
    [InlineData(@"\ud800", true)]
    [InlineData(@"\uDFFF", true)]
    [InlineData(@"\ud83d\ude00", true)]
    [InlineData(@"a\\\ud800", true)]
    [InlineData(@"ends in \", true)]
    [InlineData(@"\u", true)]
    public void Finds_every_surrogate_escape_and_only_escapes(string raw, bool expected) =>
        Assert.Equal(expected, JsonTextCheck.MayHoldSurrogateEscape(Encoding.UTF8.GetBytes(raw)));

    [Theory]
    [InlineData(@"\ud800")]
    [InlineData(@"\udc00 alone")]
    [InlineData(@"\ud83d then no pair")]
    public void A_lone_surrogate_in_an_output_is_refused_with_its_place(string escaped)
    {
        var error = Assert.Throws<NotebookFormatException>(() => Notebooks.Read(NotebookWithOutputText(escaped), "nb.ipynb"));
        Assert.Contains("lone surrogate", error.Message);
        Assert.Contains("cells[0].outputs[0].text[0]", error.Message);
    }

    [Theory]
    [InlineData(@"\ud83d\ude00 a pair", "\ud83d\ude00 a pair")]
    [InlineData(@"\\ud800 is text", @"\ud800 is text")]
    [InlineData(@"tab\there\n", "tab\there\n")]
    public void Escapes_that_are_characters_read_as_those_characters(string escaped, string text)
    {
        var notebook = Notebooks.Read(NotebookWithOutputText(escaped), "nb.ipynb");
        Assert.Equal(text, (string?)notebook.Cells[0].Outputs[0].Content["text"]![0]);
    }

    private static byte[] NotebookWithOutputText(string escaped) => Encoding.UTF8.GetBytes(
        "{\"cells\": [{\"cell_type\": \"code\", \"execution_count\": 1, \"metadata\": {}, \"outputs\": [" +
        "{\"name\": \"stdout\", \"output_type\": \"stream\", \"text\": [\"" + escaped + "\"]}], \"source\": [\"print()\"]}]," +
        " \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 4}");
}
