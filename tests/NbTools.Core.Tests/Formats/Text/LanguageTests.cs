using System.Text;
using NbTools.Core.Formats;
using NbTools.Core.Formats.Text;
using NbTools.Core.Model;
using Newtonsoft.Json.Linq;

namespace NbTools.Core.Tests.Formats.Text;

/// <summary>
/// A notebook in any kernel language keeps its cells through every text format: one generated
/// notebook per language of the table (jupytext's and the ones NbTools adds), kernels spelled as
/// their kernelspecs spell them, and languages nobody's table knows.
/// </summary>
public sealed class LanguageTests
{
    public static TheoryData<string, string> Languages()
    {
        var data = new TheoryData<string, string>();
        foreach (var language in ScriptLanguage.All.DistinctBy(l => l.Name)) data.Add(language.Name, language.Extension);
        // As kernels name them: IQSharp, Dyalog, Kotlin, Wolfram, IHaskell.
        data.Add("Q#", ".qs");
        data.Add("Dyalog APL", ".apl");
        data.Add("Kotlin", ".kt");
        data.Add("Wolfram Language", ".m");
        data.Add("Haskell", ".hs");
        return data;
    }

    public static TheoryData<string, string, string> LanguagesAndFormats()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var row in (IEnumerable<object[]>)Languages())
        {
            foreach (var format in new[] { NotebookFormats.Script, "md", "md:myst", "dib", NotebookFormats.LightScript }) data.Add((string)row[0], (string)row[1], format);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(LanguagesAndFormats))]
    public void Every_cell_comes_back_through_the_format(string language, string extension, string format)
    {
        var notebook = Generated(language, extension);
        var target = TextRoundTripTests.FormatFor(notebook, format);
        var text = Notebooks.ToBytes(notebook, target.Name);
        var back = target.Read(text, "generated" + target.Extensions[0]);
        Assert.Equal(Describe(notebook), Describe(back));
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void The_script_comments_with_the_languages_own_comment(string language, string extension)
    {
        var notebook = Generated(language, extension);
        var script = ScriptLanguage.ByName(language)!;
        var format = NotebookFormats.ScriptFor(notebook);
        Assert.Equal(script.Extension, format.Extensions[0]);
        var text = Encoding.UTF8.GetString(Notebooks.ToBytes(notebook, format.Name));
        Assert.Contains($"\n{script.Comment} %% [markdown]{(script.CommentSuffix.Length > 0 ? " " + script.CommentSuffix : "")}\n", text);
    }

    [Fact]
    public void A_language_without_a_known_comment_is_refused_as_a_script_and_kept_by_markdown_and_dib()
    {
        var notebook = Generated("brainlang", ".bl");
        var error = Assert.Throws<NbToolsException>(() => NotebookFormats.ScriptFor(notebook));
        Assert.Contains("'brainlang'", error.Message);
        Assert.Contains("--to md", error.Message);
        foreach (var format in new[] { "md", "dib" })
        {
            var back = Notebooks.Read(Notebooks.ToBytes(notebook, format), "generated." + format);
            Assert.Equal(Describe(notebook), Describe(back));
        }
        Assert.Contains("```brainlang\n", Encoding.UTF8.GetString(Notebooks.ToBytes(notebook, "md")));
    }

    private static Notebook Generated(string language, string extension)
    {
        var kernel = language.ToLowerInvariant().Replace(' ', '-').Replace("#", "sharp");
        var notebook = new Notebook
        {
            Metadata = new JObject
            {
                ["kernelspec"] = new JObject { ["name"] = kernel, ["language"] = language, ["display_name"] = language },
                ["language_info"] = new JObject { ["name"] = language, ["file_extension"] = extension },
            },
        };
        notebook.Cells.Add(new Cell(CellType.Markdown, "# A notebook in " + language + "\n\nSome *text*."));
        notebook.Cells.Add(new Cell(CellType.Code, "x = 1\ny = x %% 2"));
        notebook.Cells.Add(new Cell(CellType.Markdown, "Between"));
        notebook.Cells.Add(new Cell(CellType.Code, "print(x)\n"));
        notebook.Cells.Add(new Cell(CellType.Raw, "raw text"));
        return notebook;
    }

    private static List<string> Describe(Notebook notebook) => notebook.Cells.Select(c => c.CellType + ":" + c.Source).ToList();
}
