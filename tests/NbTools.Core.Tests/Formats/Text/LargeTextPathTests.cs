using System.Globalization;
using System.Text;
using CsCheck;
using NbTools.Core.Formats.Percent;
using NbTools.Core.Formats.Text;
using NbTools.Core.IO;
using NbTools.Core.Json;
using NbTools.Core.Model;
using NbTools.Core.Text;
using Newtonsoft.Json.Linq;

namespace NbTools.Core.Tests.Formats.Text;

/// <summary>
/// The span-based paths that write and read large text notebooks without a string per line
/// (issue 17) give exactly what the string-based code they replaced gave: each is checked against
/// that code, kept here as the reference, on generated input full of the edge cases.
/// </summary>
public sealed class LargeTextPathTests
{
    private const string Seed = "0N0XIzNsQ0O2";

    private static Gen<string> TextOf(params string[] pieces) => Gen.OneOfConst(pieces).Array[0, 12].Select(parts => string.Concat(parts));

    /// <summary>The split <see cref="TextLines.OfFile"/> used to do with strings.</summary>
    private static List<string> ReferenceOfFile(string text)
    {
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        var lines = text.Split('\n').ToList();
        if (lines.Count > 0 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
        if (lines.Count > 0 && lines.TrueForAll(l => l.EndsWith('\r')))
        {
            for (var i = 0; i < lines.Count; i++) lines[i] = lines[i][..^1];
        }
        return lines;
    }

    [Fact]
    public void File_lines_split_as_the_string_split_did_with_bom_crlf_lone_cr_and_final_breaks()
    {
        TextOf("\uFEFF", "a", " ", "\n", "\r\n", "\r", "# %%", "\u2028").Sample(text =>
        {
            var lines = new FileLines(text);
            var spans = Enumerable.Range(0, lines.Count).Select(i => lines.Span(i).ToString()).ToList();
            return ReferenceOfFile(text).SequenceEqual(lines.ToList()) && spans.SequenceEqual(lines.ToList());
        }, iter: 2000, seed: Seed, print: Visible);
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("\n", 1)]
    [InlineData("a\r\nb\r\n", 2)]
    [InlineData("\uFEFFa\nb", 2)]
    public void File_lines_count_a_final_line_break_as_no_extra_line(string text, int count) =>
        Assert.Equal(count, new FileLines(text).Count);

    [Fact]
    public void Source_lines_are_the_ranges_of_the_split_source()
    {
        TextOf("x", "\n", "\r", " ", "").Sample(source =>
        {
            var ranges = new List<string>();
            foreach (var (start, length) in TextLines.SourceLines(source)) ranges.Add(source.Substring(start, length));
            return TextLines.OfSource(source).SequenceEqual(ranges);
        }, iter: 1000, seed: Seed, print: Visible);
    }

    [Fact]
    public void Python_line_ends_walk_the_lines_of_split_keep_ends()
    {
        TextOf("x", "\n", "\r", "\r\n", "\v", "\f", "\x1c", "\u0085", "\u2028", "\u2029", "é").Sample(text =>
        {
            var walked = new List<string>();
            for (var start = 0; start < text.Length;)
            {
                var end = PythonLines.LineEnd(text, start);
                walked.Add(text[start..end]);
                start = end;
            }
            return walked.SequenceEqual(PythonLines.SplitKeepEnds(text));
        }, iter: 1000, seed: Seed, print: Visible);
    }

    [Fact]
    public void The_pooled_stream_gives_back_exactly_what_was_written_across_chunks()
    {
        var expected = new MemoryStream();
        using var stream = new PooledWriteStream();
        var random = new Random(17);
        while (expected.Length < 3_500_000)
        {
            var chunk = new byte[random.Next(0, 200_000)];
            random.NextBytes(chunk);
            stream.Write(chunk);
            expected.Write(chunk);
            stream.WriteByte((byte)expected.Length);
            expected.WriteByte((byte)expected.Length);
        }
        Assert.Equal(expected.Length, stream.Length);
        Assert.Equal(expected.ToArray(), stream.ToArray());
    }

    [Fact]
    public void Long_text_goes_through_the_sink_as_utf8_with_pairs_kept_across_buffers_and_lone_surrogates_replaced()
    {
        // Longer than the sink's 64 KB buffer, with a pair on every possible buffer boundary.
        var text = new StringBuilder();
        for (var i = 0; i < 40_000; i++) text.Append(i % 7 == 0 ? "😀" : i % 11 == 0 ? "\uD800" : i % 13 == 0 ? "\uDC00x" : i % 3 == 0 ? "é" : "ab");
        foreach (var prefix in new[] { "", "x", "xy", "xyz" })
        {
            var value = prefix + text;
            var output = new MemoryStream();
            using (var sink = new Utf8Sink(output))
            {
                sink.WriteText("start");
                sink.WriteText(value.AsSpan());
            }
            Assert.Equal(Encoding.UTF8.GetBytes("start" + value), output.ToArray());
        }
    }

    private static readonly JsonStyle[] Styles =
    [
        JsonStyle.Nbformat,
        new(null, "\n", ": ", ", ", EscapeNonAscii: true, EscapeSlash: false, UpperHex: false, EscapeHtml: false, SortKeys: false, FinalNewline: false),
        new("  ", "\r\n", ":", ",", EscapeNonAscii: true, EscapeSlash: true, UpperHex: true, EscapeHtml: true, SortKeys: true, FinalNewline: true),
    ];

    /// <summary>The StringBuilder escaping <see cref="JsonFormatter.WriteString(ReadOnlySpan{char})"/> replaced.</summary>
    private static string ReferenceJsonString(string text, JsonStyle style)
    {
        var hex = style.UpperHex ? "X4" : "x4";
        var builder = new StringBuilder("\"");
        void Escape(char c) => builder.Append("\\u").Append(((int)c).ToString(hex, CultureInfo.InvariantCulture));
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                case '/' when style.EscapeSlash: builder.Append("\\/"); break;
                case '<' or '>' or '&' or '\'' or '+' or '`' when style.EscapeHtml: Escape(c); break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                    {
                        if (style.EscapeNonAscii)
                        {
                            Escape(c);
                            Escape(text[i + 1]);
                        }
                        else
                        {
                            builder.Append(c).Append(text[i + 1]);
                        }
                        i++;
                    }
                    else if (c < 0x20 || char.IsSurrogate(c) || (c >= 0x80 && style.EscapeNonAscii))
                    {
                        Escape(c);
                    }
                    else
                    {
                        builder.Append(c);
                    }
                    break;
            }
        }
        return builder.Append('"').ToString();
    }

    private static string Written(JsonStyle style, Action<JsonFormatter> write)
    {
        var output = new MemoryStream();
        using (var sink = new Utf8Sink(output)) write(new JsonFormatter(sink, style));
        return Encoding.UTF8.GetString(output.ToArray());
    }

    [Fact]
    public void Json_strings_are_escaped_in_runs_as_the_builder_escaped_them()
    {
        var text = TextOf("a", "\"", "\\", "\n", "\r", "\t", "\b", "\f", "/", "<", "&", "'", "`", "+", "\u0001", "\u001f", "é", "中", "😀", "\uD800", "\uDC00", "\u2028", "\u007f");
        foreach (var style in Styles)
        {
            text.Sample(value => Written(style, f => f.WriteString(value)) == ReferenceJsonString(value, style), iter: 1000, seed: Seed, print: Visible);
        }
    }

    [Fact]
    public void Json_line_arrays_are_the_string_arrays_of_split_keep_ends()
    {
        TextOf("x", "\n", "\r\n", "\r", "\"", "\u2028", "é").Sample(text =>
        {
            foreach (var style in Styles)
            {
                var expected = Written(style, f => f.WriteStringArray(PythonLines.SplitKeepEnds(text), 2));
                if (Written(style, f => f.WriteLines(text, 2)) != expected) return false;
            }
            return true;
        }, iter: 1000, seed: Seed, print: Visible);
    }

    [Fact]
    public void A_python_line_the_quick_test_rules_out_matches_none_of_the_magic_regexes()
    {
        Assert.True(PercentSyntax.MayBePythonMagic("# rmdir x"));
        Assert.True(PercentSyntax.MayBePythonMagic("ls"));
        Assert.False(PercentSyntax.MayBePythonMagic("ls = 1"));
        Assert.False(PercentSyntax.MayBePythonMagic("df.head()"));
        TextOf("#", "# ", " ", "\t", "\r", "%", "%%", "!", "?", "=", ",", "\\", "x", "a1", "cd", "ls", "rm", "rmdir", "mkdir", "echo", "cat", "ldir", "ddir",
                "copy", "ren", "mv", "cp", "d", "_", "$", "/", "{", ".", "~")
            .Sample(line => PercentSyntax.MayBePythonMagic(line) || !PercentSyntax.MatchesPythonMagic(line, explicitlyCode: true),
                iter: 20000, seed: Seed, print: Visible);
    }

    [Theory]
    [InlineData("code", "{\"\": null}", "# %%")]
    [InlineData("markdown", "{\"\": null}", "# %% [markdown]")]
    [InlineData("code", "{\"\": null, \"a\": 1}", "# %%  a=1")]
    [InlineData("markdown", "{\"a\": null, \"\": null}", "# %% [markdown] a ")]
    [InlineData("raw", "{\"tags\": [\"x\", \"中\"]}", "# %% [raw] tags=[\"x\", \"\\u4e2d\"]")]
    public void Marker_lines_are_written_as_the_joined_option_text_made_them(string type, string metadata, string marker)
    {
        var notebook = new Notebook();
        var cell = new Cell(type, "text");
        foreach (var property in JObject.Parse(metadata).Properties()) cell.Metadata[property.Name] = property.Value;
        notebook.Cells.Add(cell);
        var text = Encoding.UTF8.GetString(Notebooks.ToBytes(notebook, "py"));
        Assert.Contains("\n" + marker + "\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Marker_lines_of_a_language_with_block_comments_end_with_the_suffix()
    {
        var notebook = new Notebook();
        notebook.Cells.Add(new Cell("markdown", "text"));
        notebook.Cells.Add(new Cell("code", "x;") { Metadata = { ["tags"] = new JArray("t") } });
        var text = Encoding.UTF8.GetString(Notebooks.ToBytes(notebook, "sas"));
        Assert.Contains("\n/* %% [markdown] */\n/* text */\n", text, StringComparison.Ordinal);
        Assert.Contains("\n/* %% tags=[\"t\"] */\nx;\n", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("# %% [md]", "markdown", "{}")]
    [InlineData("# %% [raw]", "raw", "{}")]
    [InlineData("# %%%% sub", "code", "{\"title\":\"sub\",\"cell_depth\":2}")]
    [InlineData("#%%  [markdown]  ", "markdown", "{}")]
    [InlineData("  #  %% [markdown] title", "markdown", "{\"title\":\"title\"}")]
    public void The_usual_marker_texts_read_as_parsed_ones_do(string marker, string type, string metadata)
    {
        // A plain marker first, so that the script reads as percent whatever the marker under test.
        var notebook = Notebooks.Read(Encoding.UTF8.GetBytes("# %%\ny = 1\n\n" + marker + "\nx\n"), "x.py");
        Assert.Equal(2, notebook.Cells.Count);
        var cell = notebook.Cells[1];
        Assert.Equal(type, cell.CellType);
        Assert.Equal(metadata, cell.Metadata.ToString(Newtonsoft.Json.Formatting.None));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{ }")]
    [InlineData("{\"tags\": [\"a\"], \"collapsed\": true, \"execution\": {\"iopub.execute_input\": \"2024\"}, \"x\": {\"y\": [1, 2.5, null]}}")]
    [InlineData("{\"tags\": [\"a\"], \"b\": 1, \"tags\": [\"c\"]}")]
    [InlineData("{\"dotnet_interactive\": {\"language\": \"csharp\"}, \"polyglot_notebook\": {\"kernelName\": \"fsharp\"}}")]
    [InlineData("{\"\\u00e9t\\u00e9\": \"\\ud83d\\ude00\", \"jupyter\": {\"source_hidden\": true}}")]
    public void Metadata_left_in_the_ipynb_bytes_shows_in_the_text_as_parsed_metadata_does(string metadata)
    {
        var ipynb = Encoding.UTF8.GetBytes(
            "{\"cells\": [{\"cell_type\": \"code\", \"execution_count\": null, \"metadata\": " + metadata + ", \"outputs\": [], \"source\": [\"x = 1\"]}], "
            + "\"metadata\": {\"kernelspec\": {\"display_name\": \".NET (C#)\", \"language\": \"C#\", \"name\": \".net-csharp\"}}, \"nbformat\": 4, \"nbformat_minor\": 5}");
        var untouched = Notebooks.Read(ipynb, "x.ipynb");
        var parsed = Notebooks.Read(ipynb, "x.ipynb");
        _ = parsed.Cells[0].Metadata; // parsed whole, as before
        Assert.Equal(Encoding.UTF8.GetString(Notebooks.ToBytes(parsed, "cs")), Encoding.UTF8.GetString(Notebooks.ToBytes(untouched, "cs")));
        Assert.Equal(ipynb, Notebooks.ToBytes(untouched)); // and writing the text left the notebook untouched
    }

    /// <summary>How <see cref="MarkerOptions.Parse"/> found and read a <c>key=value</c> before it scanned keys by hand and read values from a pooled buffer.</summary>
    private static (string Title, List<KeyValuePair<string, JToken?>> Options) ReferenceParse(string text)
    {
        var options = new List<KeyValuePair<string, JToken?>>();
        var titleWords = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
            if (i >= text.Length) break;
            var match = System.Text.RegularExpressions.Regex.Match(text[i..], @"^([A-Za-z0-9_@][A-Za-z0-9_.\-@/]*)=");
            if (match.Success)
            {
                var key = match.Groups[1].Value;
                i += match.Length;
                var bytes = Encoding.UTF8.GetBytes(text[i..]);
                var reader = new System.Text.Json.Utf8JsonReader(bytes, new System.Text.Json.JsonReaderOptions { AllowMultipleValues = true });
                try
                {
                    if (!reader.Read()) throw new FormatException($"cell metadata \"{key}\" has no value after '='");
                    if (reader.TokenType is System.Text.Json.JsonTokenType.StartObject or System.Text.Json.JsonTokenType.StartArray) reader.Skip();
                }
                catch (System.Text.Json.JsonException)
                {
                    throw new FormatException("not valid JSON");
                }
                var json = Encoding.UTF8.GetString(bytes, 0, (int)reader.BytesConsumed);
                var end = i + json.Length;
                if (end < text.Length && !char.IsWhiteSpace(text[end])) throw new FormatException("unexpected after the value");
                options.Add(new(key, JToken.Parse(json.Trim())));
                i = end;
                continue;
            }
            var wordEnd = i;
            while (wordEnd < text.Length && !char.IsWhiteSpace(text[wordEnd])) wordEnd++;
            var word = text[i..wordEnd];
            if (options.Count > 0 && System.Text.RegularExpressions.Regex.IsMatch(word, @"^[A-Za-z_][A-Za-z0-9_.\-]*$")) options.Add(new(word, null));
            else if (options.Count > 0) throw new FormatException("not key=value");
            else titleWords.Add(word);
            i = wordEnd;
        }
        return (string.Join(" ", titleWords), options);
    }

    private static string ParseOutcome(Func<string, (string Title, List<KeyValuePair<string, JToken?>> Options)> parse, string text)
    {
        try
        {
            var (title, options) = parse(text);
            return title + " | " + string.Join(" ", options.Select(o => o.Key + "=" + (o.Value?.ToString(Newtonsoft.Json.Formatting.None) ?? "<bare>")));
        }
        catch (FormatException)
        {
            return "refused";
        }
    }

    [Fact]
    public void Marker_options_parse_as_the_key_regex_and_string_copies_parsed_them()
    {
        TextOf("a", "b.c", "@x/y", "-", "_", "=", "1", "1.5", "\"s\"", "\"é 😀\"", "[1, 2]", "{\"k\": [true, null]}", " ", "\t", ",", "]", "}", "é", "[markdown]", "title")
            .Sample(text => ParseOutcome(MarkerOptions.Parse, text) == ParseOutcome(ReferenceParse, text), iter: 5000, seed: Seed, print: Visible);
    }

    private static string Visible(string text) =>
        string.Concat(text.Select(c => c is >= ' ' and < '\x7f' ? c.ToString() : $"\\u{(int)c:x4}"));
}
