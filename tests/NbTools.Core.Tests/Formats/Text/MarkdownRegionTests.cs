using NbTools.Core.Model;
using Newtonsoft.Json.Linq;

namespace NbTools.Core.Tests.Formats.Text;

/// <summary>
/// NbTools' Markdown reads, by jupytext's reading rules, into the notebook's cells: markdown that
/// those rules would split, merge or trim is written inside a region, other markdown as it is. Each
/// case is one of jupytext's rules (documented in its Markdown format page and its reader).
/// </summary>
public sealed class MarkdownRegionTests
{
    [Fact]
    public void A_markdown_cell_ending_in_an_indented_code_block_is_protected_from_the_next_one()
    {
        // For a Markdown reader the blank lines after an indented code block belong to the block,
        // so two blank lines there do not end the cell: jupytext would merge the two cells.
        var text = Write(Markdown("Some code:\n\n    indented code"), Markdown("Next cell"));
        Assert.Contains("<!-- #region -->\nSome code:\n\n    indented code\n<!-- #endregion -->", text);
        Assert.Contains("\n\nNext cell\n", text);
    }

    [Fact]
    public void A_markdown_cell_ending_in_a_line_break_is_written_as_jupytext_writes_it()
    {
        // The blank line it ends with stays content: one blank line before the fence is the separator.
        var text = Write(Markdown("Text\n"), Code("x = 1"));
        Assert.EndsWith("---\n\nText\n\n\n```python\nx = 1\n```\n", text);
    }

    [Fact]
    public void Consecutive_markdown_cells_are_separated_by_two_blank_lines_without_regions()
    {
        var text = Write(Markdown("# One\n\nwith a paragraph"), Markdown("Two\n"), Markdown("Three"));
        Assert.DoesNotContain("#region", text);
        Assert.EndsWith("---\n\n# One\n\nwith a paragraph\n\n\nTwo\n\n\n\nThree\n", text);
    }

    [Fact]
    public void A_fence_tagged_with_a_cell_language_inside_markdown_is_protected()
    {
        var text = Write(Markdown("Example:\n\n```python\nprint(1)\n```"));
        Assert.Contains("<!-- #region -->\nExample:", text);
    }

    [Fact]
    public void Two_blank_lines_inside_an_untagged_fence_still_split_for_jupytext_so_the_cell_is_protected()
    {
        // jupytext's reader keeps blank lines together inside ``` blocks it does not run, but the
        // ~~~ fence is not one of them.
        var protectedCell = Write(Markdown("~~~\na\n\n\nb\n~~~"));
        Assert.Contains("<!-- #region -->", protectedCell);
        var plain = Write(Markdown("```\na\n\n\nb\n```"));
        Assert.DoesNotContain("#region", plain);
    }

    [Fact]
    public void A_quoted_MyST_code_cell_fence_stays_markdown_in_an_NbTools_Markdown_file()
    {
        // The header names the markdown format, so the file is not taken for MyST.
        Assert.Contains("format_name: markdown", Write(Markdown("In MyST:\n\n```{code-cell} python\nx = 1\n```"), Code("y = 2")));
    }

    [Fact]
    public void Blank_first_lines_and_region_like_comments_are_protected()
    {
        Assert.Contains("<!-- #region -->\n\nStarts blank", Write(Code("x = 1"), Markdown("\nStarts blank")));
        Assert.Contains("<!-- #md -->", Write(Markdown("a\n<!-- #endregion -->\nb")));
    }

    [Fact]
    public void Markdown_after_markdown_that_ends_blank_keeps_both_cells()
    {
        var text = Write(Markdown("a\n\n"), Markdown("b"), Code("x"), Markdown("c\n"));
        Assert.DoesNotContain("#region", text);
    }

    private static Cell Markdown(string source) => GeneratedNotebooks.Markdown(source);

    private static Cell Code(string source) => GeneratedNotebooks.Code(source);

    private static string Write(params Cell[] cells) => GeneratedNotebooks.WriteAndReadBack("md", cells);
}
