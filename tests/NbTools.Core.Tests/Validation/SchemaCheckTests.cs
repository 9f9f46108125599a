using System.Text;

using NbTools.Core.Validation;

namespace NbTools.Core.Tests.Validation;

/// <summary>
/// The direct schema checker reports what the JSON-schema validator it replaced reported (each
/// expectation below was that validator's output on the same file): paths, messages, lines.
/// </summary>
public sealed class SchemaCheckTests
{
    private const string Code = "{\"cell_type\": \"code\", \"metadata\": {}, \"source\": \"x\", \"execution_count\": null, \"outputs\": []";

    private static ValidationProblem Single(string cellsJson, int minor = 4, string extra = "", string newline = "\n")
    {
        var text = $"{{{newline} \"cells\": [{newline}  {cellsJson}{newline} ],{newline} \"metadata\": {{}},{extra}{newline} \"nbformat\": 4,{newline} \"nbformat_minor\": {minor}{newline}}}{newline}";
        var result = NotebookValidator.Validate(Encoding.UTF8.GetBytes(text), "v.ipynb");
        return Assert.Single(result.Problems);
    }

    [Fact]
    public void A_mime_type_key_is_quoted_in_the_path()
    {
        var problem = Single(Code[..^14] + "\"outputs\": [{\"output_type\": \"display_data\", \"metadata\": {}, \"data\": {\"text/plain\": 5}}]}");
        Assert.Equal("cells[0].outputs[0].data['text/plain']", problem.Path);
        Assert.Equal("expected a string", problem.Message);
    }

    [Theory]
    [InlineData("\n", 3)]
    [InlineData("\r\n", 3)]
    public void An_execution_count_below_zero_fits_no_type_and_lines_count_crlf_once(string newline, int line)
    {
        var problem = Single(Code.Replace("null", "-1", StringComparison.Ordinal) + "}", newline: newline);
        Assert.Equal("cells[0].execution_count", problem.Path);
        Assert.Equal("no type validates", problem.Message);
        Assert.Equal(line, problem.Line);
        Assert.Equal(Code.IndexOf("null", StringComparison.Ordinal) + 2 + 2, problem.Position); // "  " indent, then just past "-1"
    }

    [Fact]
    public void A_null_execution_count_is_valid()
    {
        var text = "{\"cells\": [" + Code + "}], \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 4}";
        Assert.True(NotebookValidator.Validate(Encoding.UTF8.GetBytes(text), "v.ipynb").IsValid);
    }

    [Fact]
    public void A_cell_id_must_match_the_pattern_in_4_5()
    {
        var problem = Single(Code + ", \"id\": \"bad id!\"}", minor: 5);
        Assert.Equal("cells[0].id", problem.Path);
        Assert.Equal("does not match the required pattern", problem.Message);
    }

    [Fact]
    public void A_tag_with_a_comma_is_refused_at_its_index()
    {
        var problem = Single(Code.Replace("\"metadata\": {}", "\"metadata\": {\"tags\": [\"a,b\", \"c\"]}", StringComparison.Ordinal) + "}");
        Assert.Equal("cells[0].metadata.tags[0]", problem.Path);
        Assert.Equal("does not match the required pattern", problem.Message);
    }

    [Theory]
    [InlineData("", "\"extra\": 1", "cells[0].outputs[0].extra", "\"extra\" is not allowed here")]
    [InlineData("\"x y\": 1,", "", "x y", "\"x y\" is not allowed here")]
    public void An_unknown_key_where_none_is_allowed_is_named(string topLevel, string inOutput, string path, string message)
    {
        var output = "{\"output_type\": \"stream\", \"name\": \"stdout\", \"text\": \"a\"" + (inOutput.Length > 0 ? ", " + inOutput : "") + "}";
        var problem = Single(Code[..^14] + "\"outputs\": [" + output + "]}", extra: topLevel.Length > 0 ? " " + topLevel.TrimEnd(',') + "," : "");
        Assert.Equal(path, problem.Path);
        Assert.Equal(message, problem.Message);
    }

    [Fact]
    public void Outputs_on_a_markdown_cell_are_not_allowed()
    {
        var problem = Single("{\"cell_type\": \"markdown\", \"metadata\": {}, \"source\": \"x\", \"outputs\": []}");
        Assert.Equal("cells[0].outputs", problem.Path);
        Assert.Equal("\"outputs\" is not allowed here", problem.Message);
    }
}
