using System.Text;
using NbTools.Core.Model;
using Newtonsoft.Json.Linq;

namespace NbTools.Core.Tests.Formats.Text;

/// <summary>MyST Markdown (md:myst): jupytext's layout, and cells MyST's reading would change kept exactly.</summary>
public sealed class MystTests
{
    [Fact]
    public void Cells_are_written_as_jupytext_writes_them()
    {
        var text = Write(Markdown("# Title"), Code("x = 1"), Markdown("One"), Markdown("Two"), new Cell(CellType.Raw, "raw"));
        Assert.Contains("format_name: myst", text);
        Assert.EndsWith("---\n\n# Title\n\n```{code-cell} python\nx = 1\n```\n\nOne\n\n+++\n\nTwo\n\n```{raw-cell}\nraw\n```\n", text);
    }

    [Fact]
    public void Markdown_that_MyST_reading_would_trim_carries_an_annotation()
    {
        var text = Write(Markdown("\nStarts blank, ends with spaces  \n"), Markdown(""), Code("y"));
        Assert.Contains("+++ {\"nbtools\":{\"before\":\"\\n\",\"after\":\"  \\n\"}}", text);
    }

    [Fact]
    public void Markdown_holding_a_cell_break_or_a_code_cell_fence_is_kept_whole()
    {
        Write(Markdown("a\n+++\nb"), Markdown("```{code-cell}\nnot code\n```"), Markdown("```\nunclosed"), Code("z"));
    }

    [Fact]
    public void Code_starting_with_blank_lines_or_option_like_text_and_cell_options_come_back()
    {
        var tagged = Code("\n\nx = 1\n");
        tagged.Metadata["tags"] = new JArray("parameters");
        var nested = Code(":not an option");
        nested.Metadata["nested"] = JObject.Parse("""{"a": {"b": 1}}""");
        var text = Write(tagged, Code("---\nnot yaml"), Code(":x"), nested, Code(""), Code("```\nfence inside\n```"));
        Assert.Contains("```{code-cell} python\n---\ntags:\n  - parameters\n---\n\n\n\nx = 1\n\n```", text);
        Assert.Contains("```{code-cell} python\n\n---\nnot yaml\n```", text);
        Assert.Contains("````{code-cell} python\n```\nfence inside\n```\n````", text);
    }

    [Fact]
    public void A_text_with_code_cell_directives_is_read_as_MyST_through_the_md_format()
    {
        var text = "Intro\n\n```{code-cell} python\n:tags: [hide-input]\nprint(1)\n```\n\n+++ {\"k\": 1}\n\nAfter\n";
        var notebook = Notebooks.Read(Encoding.UTF8.GetBytes(text), "book.md");
        Assert.Equal(["markdown:Intro", "code:print(1)", "markdown:After"], notebook.Cells.Select(c => c.CellType + ":" + c.Source));
        Assert.Equal("hide-input", (string?)notebook.Cells[1].Metadata["tags"]![0]);
        Assert.Equal(1, (int)notebook.Cells[2].Metadata["k"]!);
    }

    private static Cell Markdown(string source) => GeneratedNotebooks.Markdown(source);

    private static Cell Code(string source) => GeneratedNotebooks.Code(source);

    private static string Write(params Cell[] cells) => GeneratedNotebooks.WriteAndReadBack("md:myst", cells);
}
