using System.Text;
using NbTools.Core.Formats.Text;

namespace NbTools.Core.Tests.Formats.Text;

/// <summary>Bad text notebooks give one clear error with the line, never a guess.</summary>
public sealed class BadTextInputTests
{
    [Theory]
    [InlineData("nb.cs", "// ---\n// jupyter:\n//   jupytext:\n//     text_representation:\n//       format_name: percent\n//       format_version: '2.0'\n// ---\n\n// %%\nx\n",
        "nb.cs: the header's format_version is 2.0, newer than the 1.3 this NbTools reads; upgrade NbTools (line 1)")]
    [InlineData("nb.cs", "// ---\n// jupyter:\n//   jupytext:\n//     text_representation:\n//       nbtools_format_version: '7'\n// ---\n\n// %%\nx\n",
        "nb.cs: the header's nbtools_format_version is 7, newer than the 1 this NbTools reads; upgrade NbTools (line 1)")]
    [InlineData("nb.cs", "// %%\nvar x = 1;\n\n// %% tags=[\"a\", \nvar y = 2;\n",
        "nb.cs: cell metadata \"tags\" is not valid JSON")]
    [InlineData("nb.py", "# %% [markdown] title=unquoted\n# text\n",
        "nb.py: cell metadata \"title\" is not valid JSON")]
    [InlineData("nb.cs", "// ---\n// jupyter:\n//   kernelspec: {\n",
        "nb.cs: the header that starts at line 1 has no closing \"// ---\" line (line 1)")]
    [InlineData("nb.cs", "// ---\n// jupyter: [unclosed\n// ---\n",
        "nb.cs: the YAML header is not valid YAML")]
    [InlineData("nb.md", "---\njupyter: {}\n---\n\n<!-- #region -->\ntext\n",
        "nb.md: the <!-- #region --> region that starts here has no <!-- #endregion --> (line 5)")]
    [InlineData("nb.md", "# Title\n\n<!-- #raw -->\nraw\n",
        "nb.md: the <!-- #raw --> region that starts here has no <!-- #endraw --> (line 3)")]
    [InlineData("nb.md", "```python tags=[oops]\nx = 1\n```\n",
        "nb.md: cell metadata \"tags\" is not valid JSON")]
    [InlineData("nb.dib", "#!meta\n\n{\"kernelInfo\": {\"defaultKernelName\": \"csharp\",\n\n#!csharp\n\nx\n",
        "nb.dib: the #!meta block is not valid JSON")]
    [InlineData("nb.dib", "#!meta\n\n[1, 2]\n\n#!csharp\n\nx\n",
        "nb.dib: the #!meta block must hold a JSON object (line 2)")]
    [InlineData("nb.cs", "// %%\nbad \u00ff",
        null)]
    public void Bad_text_gives_a_one_line_error_with_the_line(string file, string content, string? expected)
    {
        var bytes = Encoding.UTF8.GetBytes(content);
        if (expected is null)
        {
            // Not UTF-8 at all: a Latin-1 byte in the middle of the text.
            bytes = [.. Encoding.UTF8.GetBytes("// %%\nvar x = 1;\nbad "), 0xFF, (byte)'\n'];
            expected = "nb.cs: the file is not valid UTF-8 text (line 3, position 5)";
        }
        var ex = Assert.Throws<NotebookFormatException>(() => Notebooks.Read(bytes, file));
        Assert.StartsWith(expected, ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
        if (!expected.Contains("(line ")) Assert.NotNull(ex.Line);
    }

    [Fact]
    public void Invalid_marker_metadata_names_its_line()
    {
        var ex = Assert.Throws<NotebookFormatException>(() => Notebooks.Read(Encoding.UTF8.GetBytes("// %%\nvar x = 1;\n\n// %% tags=[\"a\", \nvar y = 2;\n"), "nb.cs"));
        Assert.Equal(4, ex.Line);
    }

    [Fact]
    public void A_metadata_filter_key_with_white_space_is_refused_with_the_comma_spelling()
    {
        var e = Assert.Throws<NbToolsException>(() => MetadataFilter.Parse("tags title", MetadataFilter.DefaultCell));
        Assert.Equal("metadata filter \"tags title\": key \"tags title\" contains white space; separate keys with commas (\"tags,title\")", e.Message);
        Assert.True(MetadataFilter.Parse("tags, title", MetadataFilter.DefaultCell).Shows("title"));
    }
}
