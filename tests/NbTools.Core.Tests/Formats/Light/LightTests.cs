using System.Text;
using NbTools.Core.Model;
using Newtonsoft.Json.Linq;

namespace NbTools.Core.Tests.Formats.Light;

/// <summary>
/// jupytext's light format (py:light): the text jupytext writes for the usual cells, jupytext's
/// reading rules, and cells jupytext's own syntax cannot hold, which must come back exactly.
/// </summary>
public sealed class LightTests
{
    [Fact]
    public void Cells_are_written_as_jupytext_writes_them()
    {
        var tagged = Code("n = 10");
        tagged.Metadata["tags"] = new JArray("parameters");
        var noted = Markdown("A note");
        noted.Metadata["slideshow"] = JObject.Parse("""{"slide_type": "skip"}""");
        var raw = new Cell(CellType.Raw, "raw text");
        raw.Metadata["format"] = "text/plain";
        var body = Body(Markdown("# Title\n\nSome *text*."), Code("import os\n%matplotlib inline"), tagged,
            Code("def f(x):\n    return x"), Code("x = f(1)\n\ny = f(2)"), noted, raw, Code("print(x)"));
        Assert.Equal(
            "# # Title\n#\n# Some *text*.\n\nimport os\n# %matplotlib inline\n\n# + tags=[\"parameters\"]\nn = 10\n\n\n# -\n\n"
            + "def f(x):\n    return x\n\n\n# +\nx = f(1)\n\ny = f(2)\n\n# + [markdown] slideshow={\"slide_type\": \"skip\"}\n# A note\n\n"
            + "# + format=\"text/plain\" active=\"\"\n# raw text\n# -\n\nprint(x)\n",
            body);
    }

    [Fact]
    public void The_header_names_the_light_format_and_non_python_scripts_use_their_comment()
    {
        var notebook = Notebook("R", Markdown("Text é"), Code("x <- 1\n\ny <- 2"));
        var text = Encoding.UTF8.GetString(Notebooks.ToBytes(notebook, "R:light"));
        Assert.StartsWith("# -*- coding: utf-8 -*-\n# ---\n# jupyter:\n#   jupytext:\n#     text_representation:\n#       extension: .R\n#       format_name: light\n#       format_version: '1.5'\n", text);
        Assert.EndsWith("# ---\n\n# Text é\n\n# +\nx <- 1\n\ny <- 2\n", text);
        var csharp = Notebook("C#", Markdown("Hello"), Code("var x = 1;\n\nx"));
        Assert.EndsWith("// ---\n\n// Hello\n\n// +\nvar x = 1;\n\nx\n", Encoding.UTF8.GetString(Notebooks.ToBytes(csharp, "cs:light")));
    }

    [Theory]
    [InlineData("x = 1\n")] // a last line break: jupytext drops it without the end marker
    [InlineData("x = 1\n\n")]
    [InlineData("\nx = 1")] // a first blank line would start a cell of its own
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\n\n\n")]
    [InlineData("# only a comment")]
    [InlineData("# only\n\n# comments")]
    [InlineData("x = 1\n# -\ny = 2")] // an end marker inside the code
    [InlineData("# +\nx = 1\n# # +")] // start markers inside the code, escaped and escaped twice
    [InlineData("s = \"\"\"\n# +\n\n%time\n\"\"\"")] // a string holding marker-like lines, blank lines and magics
    [InlineData("s = \"\"\"\nopen string")] // a string left open: it must not hide the next cell
    [InlineData("%%time\nx = 1")]
    [InlineData("# %matplotlib inline\n%matplotlib inline")] // a commented magic next to a magic
    [InlineData("!pip install x \\\n  y")] // a magic continued on the next line
    [InlineData("x?")] // a help line: jupytext needs an explicit marker
    [InlineData("cd ..\nls")]
    [InlineData("def f():\n    return 1\n\n\n")]
    [InlineData("a\r\nb")]
    [InlineData("if x:\n    y = 1\n\n    z = 2")] // a blank line inside an indented block
    public void Code_cells_come_back_exactly(string source)
    {
        RoundTrip(Markdown("Before"), Code(source), Code("after = 1"));
        RoundTrip(Code(source));
    }

    [Theory]
    [InlineData("+ a list item")] // would read as a # + marker
    [InlineData("- a list item\n- another")]
    [InlineData("# cd somewhere")] // a heading that reads as a commented magic
    [InlineData("%matplotlib is a magic")]
    [InlineData("What?")]
    [InlineData("Text\n")]
    [InlineData("Text\n\n")]
    [InlineData("\nStarts blank")]
    [InlineData("")]
    [InlineData("Two\n\n\nblank lines")]
    [InlineData("\"\"\"\nA docstring-like text\n\"\"\"")]
    [InlineData("# # +")]
    public void Markdown_cells_come_back_exactly(string source)
    {
        RoundTrip(Code("x = 1"), Markdown(source), Code("y = 2"));
        RoundTrip(Markdown(source), Markdown(source));
    }

    [Fact]
    public void Cell_metadata_and_raw_cells_come_back()
    {
        var titled = Code("x = 1");
        titled.Metadata["title"] = "a { title = with signs";
        var odd = Markdown("text");
        odd.Metadata["key with space"] = 1;
        odd.Metadata["language"] = "not a language key";
        var raw = new Cell(CellType.Raw, "+ raw\n\n# -");
        raw.Metadata["raw_mimetype"] = "text/latex";
        var active = Code("print(1)");
        active.Metadata["tags"] = new JArray("active-py");
        RoundTrip(titled, odd, raw, new Cell(CellType.Raw, ""), active);
    }

    [Fact]
    public void A_first_raw_cell_fenced_with_dashes_goes_into_the_header_as_jupytext_puts_it()
    {
        var text = RoundTrip(new Cell(CellType.Raw, "---\nContent.\n---"), Code("x = 1"));
        Assert.StartsWith("# ---\n# Content.\n# jupyter:\n", text);
        var yaml = RoundTrip(new Cell(CellType.Raw, "---\ntitle: A\n---"), Code("x = 1"));
        Assert.StartsWith("# ---\n# title: A\n# jupyter:\n", yaml);
        RoundTrip(new Cell(CellType.Raw, "---\njupyter: no\n---"), Code("x = 1")); // stays a raw cell
    }

    [Fact]
    public void Namespaced_metadata_keys_are_written_as_key_value_pairs()
    {
        var cell = Markdown("> **Note**");
        cell.Metadata["@deathbeds/jupyterlab-fonts"] = JObject.Parse("""{"styles": {"a='b'": {"top": "30%"}}}""");
        var text = RoundTrip(cell);
        Assert.Contains("# + [markdown] @deathbeds/jupyterlab-fonts={\"styles\": {\"a='b'\": {\"top\": \"30%\"}}}\n# > **Note**\n", text);
    }

    [Fact]
    public void Cells_in_other_languages_use_jupytexts_language_option()
    {
        var text = RoundTrip(Code("%%R -i df\nlibrary(ggplot2)"), Code("%%bash\nls"));
        Assert.Contains("# + magic_args=\"-i df\" language=\"R\"\n# library(ggplot2)\n", text);
        Assert.Contains("# + language=\"bash\"\n# ls\n", text);
    }

    [Fact]
    public void Jupytexts_syntax_is_read_as_jupytext_reads_it()
    {
        var text = "#!/usr/bin/env python\n# ---\n# jupyter:\n#   kernelspec:\n#     name: python3\n#     language: python\n#     display_name: Python 3\n# ---\n\n"
            + "# A markdown\n# paragraph\n\n"
            + "if x:\n    a = 1\n\n    b = 2\n\n"
            + "# + {\"tags\": [\"json\"]}\nc = 3\n\nd = 4\n# -\n\n"
            + "# + [md] key=\"v\"\n# some text\n# -\n\n"
            + "# + endofcell=\"--\"\n# -\ne = 5\n# --\n\n"
            + "# # + escaped marker\n# %time f()\n\n"
            + "# + active=\"ipynb\"\n# only_in_the_notebook()\n\n"
            + "# + magic_args=\"-n 2\" language=\"R\"\n# plot(1)\n";
        var notebook = Notebooks.Read(Encoding.UTF8.GetBytes(text), "script.py");
        Assert.Equal("/usr/bin/env python", (string?)notebook.Metadata.SelectToken("jupytext.executable"));
        Assert.Equal(
            ["markdown:A markdown\nparagraph", "code:if x:\n    a = 1\n\n    b = 2", "code:c = 3\n\nd = 4", "markdown:some text",
             "code:# -\ne = 5", "code:# + escaped marker\n%time f()", "code:only_in_the_notebook()", "code:%%R -n 2\nplot(1)"],
            notebook.Cells.Select(c => c.CellType + ":" + c.Source));
        Assert.Equal("json", (string?)notebook.Cells[2].Metadata["tags"]![0]);
        Assert.Equal("md", (string?)notebook.Cells[3].Metadata["region_name"]);
        Assert.Equal("v", (string?)notebook.Cells[3].Metadata["key"]);
        Assert.Equal("ipynb", (string?)notebook.Cells[6].Metadata["active"]);
    }

    [Fact]
    public void A_script_is_read_as_light_unless_its_header_or_a_marker_says_percent()
    {
        var plain = Notebooks.Read(Encoding.UTF8.GetBytes("import os\n\n# A comment paragraph\n\nx = 1\n"), "plain.py");
        Assert.Equal(["code:import os", "markdown:A comment paragraph", "code:x = 1"], plain.Cells.Select(c => c.CellType + ":" + c.Source));
        var percent = Notebooks.Read(Encoding.UTF8.GetBytes("import os\n\n# %%\nx = 1\n\ny = 2\n"), "percent.py");
        Assert.Equal(["code:import os", "code:x = 1\n\ny = 2"], percent.Cells.Select(c => c.CellType + ":" + c.Source));
        var percentInString = Notebooks.Read(Encoding.UTF8.GetBytes("s = \"\"\"\n# %%\n\"\"\"\n\nx = 1\n"), "light.py");
        Assert.Equal(2, percentInString.Cells.Count);
        var light = Notebooks.ToBytes(Notebook("python", Code("a = 1"), Code("b = 2")), "py:light");
        Assert.Equal(2, Notebooks.Read(light, "x.py").Cells.Count);
        var asPercent = Notebooks.ToBytes(Notebook("python", Code("a = 1\n\nb = 2")), "py");
        Assert.Equal("a = 1\n\nb = 2", Assert.Single(Notebooks.Read(asPercent, "x.py", "py:light").Cells).Source);
    }

    [Fact]
    public void Folding_markers_are_read_as_jupytexts_custom_cell_markers()
    {
        var vim = "# A title\n\n# {{{ tags=[\"t\"]\nx = 1\n\ny = 2\n# }}}\n\nz = 3\n";
        var notebook = Notebooks.Read(Encoding.UTF8.GetBytes(vim), "folded.py");
        Assert.Equal(["markdown:A title", "code:x = 1\n\ny = 2", "code:z = 3"], notebook.Cells.Select(c => c.CellType + ":" + c.Source));
        Assert.Equal("t", (string?)notebook.Cells[1].Metadata["tags"]![0]);
        Assert.Equal("{{{,}}}", (string?)notebook.Metadata.SelectToken("jupytext.cell_markers"));

        // VS Code regions; a start with no end before the next start is plain code (jupytext's rule).
        var regions = "// region\nvar a = 1;\n\nvar b = 2;\n// endregion\n\n// region first\nvar c = 3;\n// region\nvar d = 4;\n// endregion\n";
        var cs = Notebooks.Read(Encoding.UTF8.GetBytes(regions), "folded.cs");
        Assert.Equal(["code:var a = 1;\n\nvar b = 2;", "code:// region first\nvar c = 3;", "code:var d = 4;"], cs.Cells.Select(c => c.CellType + ":" + c.Source));

        // Written back with jupytext's default markers, and the header no longer asks for folding markers.
        var text = Encoding.UTF8.GetString(Notebooks.ToBytes(notebook, "py:light"));
        Assert.DoesNotContain("cell_markers", text);
        Assert.Contains("# + tags=[\"t\"]\nx = 1\n\ny = 2\n", text);
    }

    [Fact]
    public void A_jupytext_nomarker_script_is_read_with_the_light_rules()
    {
        var text = "# ---\n# jupyter:\n#   jupytext:\n#     text_representation:\n#       extension: .py\n#       format_name: nomarker\n#       format_version: '1.0'\n# ---\n\n# Title\n\nx = 1\n\ny = 2\n";
        var notebook = Notebooks.Read(Encoding.UTF8.GetBytes(text), "bare.py");
        Assert.Equal(["markdown:Title", "code:x = 1", "code:y = 2"], notebook.Cells.Select(c => c.CellType + ":" + c.Source));
    }

    [Fact]
    public void Bad_cell_options_name_the_file_and_line()
    {
        var error = Assert.Throws<NotebookFormatException>(() =>
            Notebooks.Read(Encoding.UTF8.GetBytes("x = 1\n\n# + {\"tags\": [\n"), "bad.py", "py:light"));
        Assert.Contains("bad.py", error.Message);
        Assert.Contains("line 3", error.Message);
    }

    [Theory]
    [InlineData("Fixtures/edge-cases-python.ipynb", "edge-cases-python.light.py")]
    [InlineData("Fixtures/edge-cases.ipynb", "edge-cases.light.cs")]
    public void The_edge_case_fixtures_come_back_and_their_text_matches_its_golden_file(string fixture, string golden)
    {
        var notebook = Notebooks.Read(Text.FixtureRoundTripTests.Locate(fixture));
        var format = NbTools.Core.Formats.NotebookFormats.LightScriptFor(notebook);
        using var buffer = new MemoryStream();
        format.Write(notebook, buffer);
        var back = format.Read(buffer.ToArray(), "x" + format.Extensions[0]);
        Assert.Equal(notebook.Cells.Select(c => c.CellType + ":" + c.Source), back.Cells.Select(c => c.CellType + ":" + c.Source));
        Golden.AssertMatches(golden, Encoding.UTF8.GetString(buffer.ToArray()));
    }

    internal static Cell Markdown(string source) => new(CellType.Markdown, source);

    internal static Cell Code(string source) => new(CellType.Code, source);

    private static Notebook Notebook(string language, params Cell[] cells)
    {
        var notebook = new Notebook { Metadata = new JObject { ["kernelspec"] = new JObject { ["name"] = language.ToLowerInvariant(), ["language"] = language, ["display_name"] = language } } };
        notebook.Cells.AddRange(cells);
        return notebook;
    }

    /// <summary>The text below the header of a Python notebook's light script.</summary>
    private static string Body(params Cell[] cells)
    {
        var text = RoundTrip(cells);
        return text[(text.IndexOf("# ---\n\n", 5, StringComparison.Ordinal) + "# ---\n\n".Length)..];
    }

    /// <summary>Writes py:light, reads the bytes back as a .py file, asserts every cell came back; returns the text.</summary>
    private static string RoundTrip(params Cell[] cells)
    {
        var notebook = Notebook("python", cells);
        var bytes = Notebooks.ToBytes(notebook, "py:light");
        var back = Notebooks.Read(bytes, "x.py");
        var text = Encoding.UTF8.GetString(bytes);
        Assert.True(cells.Select(c => c.CellType + ":" + c.Source).SequenceEqual(back.Cells.Select(c => c.CellType + ":" + c.Source)),
            $"cells changed through:\n{text}\nread back: {string.Join(" | ", back.Cells.Select(c => c.CellType + ":" + c.Source))}");
        for (var i = 0; i < cells.Length; i++)
        {
            Assert.True(JToken.DeepEquals(cells[i].Metadata, back.Cells[i].Metadata), $"cell {i} metadata {cells[i].Metadata} came back {back.Cells[i].Metadata}\n{text}");
        }
        Assert.Equal(text, Encoding.UTF8.GetString(Notebooks.ToBytes(back, "py:light")));
        return text;
    }
}
