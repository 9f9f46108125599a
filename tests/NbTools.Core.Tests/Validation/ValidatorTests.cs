using System.Text;
using System.Text.RegularExpressions;

using NbTools.Core.Validation;

namespace NbTools.Core.Tests.Validation;

/// <summary>The validator agrees with the official nbformat validator (its verdicts are in the corpus README).</summary>
public sealed partial class ValidatorTests
{
    public static TheoryData<string, bool> CorpusVerdicts()
    {
        var data = new TheoryData<string, bool>();
        foreach (var line in File.ReadLines(Path.Combine(Corpus.Folder, "README.md")))
        {
            var m = RowPattern().Match(line);
            if (m.Success && m.Groups[1].Value.EndsWith(".ipynb", StringComparison.Ordinal))
            {
                data.Add(m.Groups[1].Value, m.Groups[2].Value == "valid");
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(CorpusVerdicts))]
    public void Verdict_matches_nbformats_own_validator(string name, bool valid)
    {
        var result = NotebookValidator.Validate(Corpus.PathOf(name));
        Assert.True(valid == result.IsValid, $"{name}: expected {(valid ? "valid" : "invalid")}, got {string.Join("; ", result.Problems.Take(5))}");
    }

    [Fact]
    public void Problems_carry_json_path_and_line()
    {
        const string text = "{\n \"cells\": [\n  {\"cell_type\": \"code\", \"metadata\": {}, \"source\": \"x\", \"outputs\": []}\n ],\n \"metadata\": {},\n \"nbformat\": 4,\n \"nbformat_minor\": 4\n}\n";
        var result = NotebookValidator.Validate(Encoding.UTF8.GetBytes(text), "v.ipynb");
        var problem = Assert.Single(result.Problems);
        Assert.Equal("cells[0]", problem.Path);
        Assert.Equal("\"execution_count\" is a required property", problem.Message);
        Assert.Equal(3, problem.Line);
    }

    [Theory]
    [InlineData("{\"cell_type\": \"code\", \"metadata\": {}, \"source\": \"x\", \"execution_count\": null, \"outputs\": [{\"output_type\": \"unknown\"}]}",
        "cells[0].outputs[0].output_type", "'unknown' is not one of execute_result, display_data, stream, error")]
    [InlineData("{\"cell_type\": \"codex\", \"metadata\": {}, \"source\": \"x\"}", "cells[0].cell_type", "'codex' is not one of code, markdown, raw")]
    public void An_unknown_kind_is_named_with_every_allowed_one(string cell, string path, string message)
    {
        var text = "{\"cells\": [" + cell + "], \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 4}";
        var result = NotebookValidator.Validate(Encoding.UTF8.GetBytes(text), "v.ipynb");
        Assert.Contains(result.Problems, p => p.Path == path && p.Message == message);
    }

    [Fact]
    public void Unreadable_file_raises_instead_of_reporting_invalid()
    {
        Assert.Throws<NotebookFormatException>(() => NotebookValidator.Validate(Encoding.UTF8.GetBytes("{\"cells\": ["), "t.ipynb"));
        Assert.Throws<NotebookFormatException>(() => NotebookValidator.Validate(Encoding.UTF8.GetBytes("{\"nbformat\": 5}"), "t.ipynb"));
    }

    [GeneratedRegex(@"^\| (\S[^|]*?) \| [^|]* \| [^|]* \| [^|]* \| [^|]* \| [^|]* \| [^|]* \| (valid|invalid)")]
    private static partial Regex RowPattern();
}
