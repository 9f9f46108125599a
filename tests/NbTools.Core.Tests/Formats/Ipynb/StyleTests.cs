using System.Text;
using NbTools.Core.Model;

using Newtonsoft.Json.Linq;

namespace NbTools.Core.Tests.Formats.Ipynb;

/// <summary>Changed parts are written in the file's own style; new notebooks as nbformat writes them.</summary>
public sealed class StyleTests
{
    [Fact]
    public void New_notebook_is_written_exactly_as_nbformat_writes_one()
    {
        var notebook = new Notebook();
        notebook.Metadata["kernelspec"] = new JObject { ["name"] = "python3", ["display_name"] = "Python 3", ["language"] = "python" };
        notebook.Metadata["lr"] = 1e-05;
        notebook.Metadata["ratio"] = 1.0;
        notebook.Cells.Add(new Cell(CellType.Markdown, "# Title\nÜnïcode – “quotes”") { Id = "a1" });
        var code = new Cell(CellType.Code, "print('hi')") { Id = "b2", ExecutionCount = 3 };
        code.Metadata["tags"] = new JArray("x");
        code.Outputs.Add(Output.Stream("stdout", "hi\n\u001b[0m"));
        notebook.Cells.Add(code);
        notebook.Cells.Add(new Cell(CellType.Raw, "") { Id = "c3" });

        var expected = """
            {
             "cells": [
              {
               "cell_type": "markdown",
               "id": "a1",
               "metadata": {},
               "source": [
                "# Title\n",
                "Ünïcode – “quotes”"
               ]
              },
              {
               "cell_type": "code",
               "execution_count": 3,
               "id": "b2",
               "metadata": {
                "tags": [
                 "x"
                ]
               },
               "outputs": [
                {
                 "name": "stdout",
                 "output_type": "stream",
                 "text": [
                  "hi\n",
                  "\u001b[0m"
                 ]
                }
               ],
               "source": [
                "print('hi')"
               ]
              },
              {
               "cell_type": "raw",
               "id": "c3",
               "metadata": {},
               "source": []
              }
             ],
             "metadata": {
              "kernelspec": {
               "display_name": "Python 3",
               "language": "python",
               "name": "python3"
              },
              "lr": 1e-05,
              "ratio": 1.0
             },
             "nbformat": 4,
             "nbformat_minor": 5
            }

            """.Replace("\r\n", "\n");
        Assert.Equal(expected, Encoding.UTF8.GetString(Notebooks.ToBytes(notebook)));
    }

    [Fact]
    public void Minified_notebook_stays_on_one_line_after_an_edit()
    {
        const string name = "hf-notebooks__fr-section3b_pt.ipynb";
        var notebook = Notebooks.Read(Corpus.Bytes(name), name);
        notebook.Cells[1].Source = "line one\nline two\n";
        notebook.Cells.Add(new Cell(CellType.Code, "a = 1\nb = 2"));
        var text = Encoding.UTF8.GetString(Notebooks.ToBytes(notebook));
        Assert.DoesNotContain('\n', text);
        Assert.Contains("\"source\":[\"line one\\n\",\"line two\\n\"]", text);
    }

    [Fact]
    public void Crlf_notebook_gets_crlf_in_new_lines()
    {
        const string name = "csharp-notebooks__04-Model Evaluation.ipynb";
        var notebook = Notebooks.Read(Corpus.Bytes(name), name);
        notebook.Cells[0].Source = "a\nb\nc";
        notebook.Cells.Add(new Cell(CellType.Code, "x\ny"));
        var bytes = Notebooks.ToBytes(notebook);
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == '\n') Assert.True(i > 0 && bytes[i - 1] == '\r', $"bare LF at offset {i}");
        }
    }

    [Fact]
    public void Two_space_notebook_keeps_two_space_indentation_for_new_content()
    {
        const string name = "hf-notebooks__gemma_7b_english_quotes.ipynb";
        var notebook = Notebooks.Read(Corpus.Bytes(name), name);
        notebook.Cells[2].Source = "first\nsecond\n";
        var added = new Cell(CellType.Code, "x = 1\ny = 2");
        added.Metadata["tags"] = new JArray("a", "b");
        notebook.Cells.Add(added);
        var text = Encoding.UTF8.GetString(Notebooks.ToBytes(notebook));
        foreach (var line in text.Split('\n'))
        {
            var indent = line.Length - line.TrimStart(' ').Length;
            Assert.True(indent % 2 == 0, $"odd indentation in: {line}");
        }
        Assert.Contains("\n      \"source\": [\n        \"first\\n\",\n        \"second\\n\"\n      ]", text);
    }

    [Fact]
    public void Utf16_notebook_stays_utf16_with_bom_after_an_edit()
    {
        const string name = "psnotebook__Chapter01code.ipynb";
        var notebook = Notebooks.Read(Corpus.Bytes(name), name);
        notebook.Cells[0].Source = "Get-Date # ünïcode";
        var bytes = Notebooks.ToBytes(notebook);
        Assert.Equal(new byte[] { 0xFF, 0xFE }, bytes[..2]);
        var text = new UnicodeEncoding(false, false, true).GetString(bytes, 2, bytes.Length - 2);
        Assert.Contains("Get-Date # ünïcode", text);
        Assert.Equal("Get-Date # ünïcode", Notebooks.Read(bytes, name).Cells[0].Source);
    }

    [Fact]
    public void Utf8_bom_is_kept_after_an_edit()
    {
        const string name = "psnotebook__multiplePSLines.ipynb";
        var notebook = Notebooks.Read(Corpus.Bytes(name), name);
        notebook.Cells[0].Source += "\n# edited";
        var bytes = Notebooks.ToBytes(notebook);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
    }

    [Fact]
    public void Escaped_non_ascii_files_get_escaped_non_ascii_in_new_strings()
    {
        var original = "{\n \"cells\": [],\n \"metadata\": {\"title\": \"caf\\u00e9\"},\n \"nbformat\": 4,\n \"nbformat_minor\": 2\n}\n";
        var notebook = Notebooks.Read(Encoding.UTF8.GetBytes(original), "escaped.ipynb");
        notebook.Cells.Add(new Cell(CellType.Markdown, "naïve"));
        var text = Encoding.UTF8.GetString(Notebooks.ToBytes(notebook));
        Assert.Contains("\"na\\u00efve\"", text);
        Assert.Contains("\"caf\\u00e9\"", text);
        Assert.DoesNotContain("ï", text);
    }

    [Fact]
    public void Number_spelling_of_untouched_values_survives_an_edit_next_to_them()
    {
        var original = "{\n \"cells\": [],\n \"metadata\": {\"a\": 1.0, \"b\": 1e-05, \"c\": 1E+2, \"d\": \"\\/path\"},\n \"nbformat\": 4,\n \"nbformat_minor\": 2\n}";
        var notebook = Notebooks.Read(Encoding.UTF8.GetBytes(original), "numbers.ipynb");
        notebook.Metadata["e"] = 0.5;
        var text = Encoding.UTF8.GetString(Notebooks.ToBytes(notebook));
        Assert.Equal("{\n \"cells\": [],\n \"metadata\": {\"a\": 1.0, \"b\": 1e-05, \"c\": 1E+2, \"d\": \"\\/path\", \"e\": 0.5},\n \"nbformat\": 4,\n \"nbformat_minor\": 2\n}", text);
    }

    [Fact]
    public void Unknown_keys_cell_types_and_output_types_are_kept()
    {
        var original = """
            {"cells": [
              {"cell_type": "widget", "source": "x", "metadata": {}, "custom": [1, 2]},
              {"cell_type": "code", "source": [], "metadata": {}, "execution_count": null,
               "outputs": [{"output_type": "unknown", "payload": {"k": 1}}]}
            ], "metadata": {}, "nbformat": 4, "nbformat_minor": 4, "extra_top": true}
            """;
        var notebook = Notebooks.Read(Encoding.UTF8.GetBytes(original), "unknown.ipynb");
        Assert.Equal("widget", notebook.Cells[0].CellType);
        Assert.Equal(new JArray(1, 2), notebook.Cells[0].Extra["custom"]);
        Assert.Equal("unknown", notebook.Cells[1].Outputs[0].OutputType);
        Assert.True((bool)notebook.Extra["extra_top"]!);
        notebook.Cells[1].Source = "changed";
        var reread = Notebooks.Read(Notebooks.ToBytes(notebook), "unknown.ipynb");
        ModelSnapshot.AssertEqual(notebook, reread);
        Assert.Equal(1, (int)reread.Cells[1].Outputs[0].Content["payload"]!["k"]!);
    }
}
