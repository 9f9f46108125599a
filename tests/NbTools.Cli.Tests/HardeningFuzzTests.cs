using System.Text;

namespace NbTools.Cli.Tests;

/// <summary>
/// The fuzz test over corpus mutations: every command exits 0, 1 or 2 – never 3, never a trace –
/// writes nothing on 2, and what it writes on 0 reads back as a notebook. The mutations are seeded
/// (the same cases every run); NBTOOLS_FUZZ_CASES sets how many (default 40; CI may raise it).
/// </summary>
public sealed class HardeningFuzzTests
{
    private static int Cases => int.TryParse(Environment.GetEnvironmentVariable("NBTOOLS_FUZZ_CASES"), out var n) && n > 0 ? n : 40;

    [Fact]
    public void Mutated_corpus_notebooks_never_crash_a_command()
    {
        var sources = Directory.GetFiles(Corpus.Folder).Where(f => f.EndsWith(".ipynb", StringComparison.Ordinal) || f.EndsWith(".dib", StringComparison.Ordinal))
            .Where(f => new FileInfo(f).Length < 400_000).Order(StringComparer.Ordinal).ToList();
        var random = new Random(20261130);
        var failures = new List<string>();
        using var temp = new TempFolder();
        for (var i = 0; i < Cases; i++)
        {
            var source = sources[random.Next(sources.Count)];
            var (mutation, bytes) = Mutate(File.ReadAllBytes(source), random);
            var folder = Path.Combine(temp.Path, i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Directory.CreateDirectory(folder);
            var input = Path.Combine(folder, "in" + Path.GetExtension(source));
            File.WriteAllBytes(input, bytes);
            var reference = Path.Combine(folder, "ref.ipynb");
            File.Copy(Corpus.PathOf("papermill__simple_output.ipynb"), reference);
            var label = $"case {i}: {Path.GetFileName(source)} with {mutation}";
            foreach (var args in Commands(input, reference, folder))
            {
                var before = Directory.GetFiles(folder).ToDictionary(f => f, File.ReadAllBytes);
                var run = CliRun.InProcess(args);
                var what = $"{label}: nbtools {string.Join(' ', args.Select(a => Path.GetFileName(a)))}";
                if (run.ExitCode is not (0 or 1 or 2) || run.Error.Contains("   at ", StringComparison.Ordinal)) failures.Add($"{what}: exit {run.ExitCode}: {run.Error.Split('\n')[0]}");
                if (run.ExitCode == 2)
                {
                    if (run.Error.TrimEnd('\n').Split('\n').Length != 1) failures.Add($"{what}: more than one error line");
                    var after = Directory.GetFiles(folder);
                    if (after.Length != before.Count || after.Any(f => !before[f].AsSpan().SequenceEqual(File.ReadAllBytes(f)))) failures.Add($"{what}: exit 2 but files changed");
                }
                foreach (var written in Directory.GetFiles(folder, "*.ipynb").Where(f => run.ExitCode == 0 && (!before.TryGetValue(f, out var old) || !old.AsSpan().SequenceEqual(File.ReadAllBytes(f)))))
                {
                    try
                    {
                        Core.Notebooks.Read(written);
                    }
                    catch (Core.NbToolsException ex)
                    {
                        failures.Add($"{what}: wrote an unreadable {Path.GetFileName(written)}: {ex.Message}");
                    }
                }
                foreach (var f in Directory.GetFiles(folder).Where(f => !before.ContainsKey(f))) File.Delete(f);
                foreach (var (f, old) in before) File.WriteAllBytes(f, old);
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
    }

    private static IEnumerable<string[]> Commands(string input, string reference, string folder)
    {
        yield return ["convert", input, "--to", "py", "-o", Path.Combine(folder, "out.py")];
        yield return ["convert", input, "--to", "md", "-o", Path.Combine(folder, "out.md")];
        yield return ["convert", input, "--to", "ipynb", "-o", Path.Combine(folder, "out.ipynb")];
        yield return ["diff", reference, input];
        yield return ["diff", reference, input, "--format", "unified"];
        yield return ["diff", reference, input, "--format", "json"];
        yield return ["diff", reference, input, "--format", "html", "--out", Path.Combine(folder, "diff.html")];
        if (!input.EndsWith(".ipynb", StringComparison.Ordinal)) yield break;
        yield return ["validate", input];
        yield return ["strip", input];
        yield return ["merge", reference, reference, input, "-o", Path.Combine(folder, "merged.ipynb")];
        yield return ["git", "textconv", input];
    }

    /// <summary>One seeded mutation of a file's bytes.</summary>
    private static (string Name, byte[] Bytes) Mutate(byte[] original, Random random)
    {
        var bytes = original.ToArray();
        var at = bytes.Length == 0 ? 0 : random.Next(bytes.Length);
        switch (random.Next(9))
        {
            case 0:
                for (var k = 0; k < 1 + random.Next(8); k++) bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                return ("flipped bytes", bytes);
            case 1:
                return ("truncated", bytes[..at]);
            case 2:
                var insert = Encoding.UTF8.GetBytes(new[] { "\\ud800", "\"\\udfff\"", "\u001b[2K", "[[[[[[[[[[", "null,", "1e999999", "-0", "\"\u202e\"", "\r", "\0" }[random.Next(10)]);
                return ("inserted token", [.. bytes[..at], .. insert, .. bytes[at..]]);
            case 3:
                var length = Math.Min(bytes.Length - at, 1 + random.Next(200));
                return ("duplicated span", [.. bytes[..(at + length)], .. bytes[at..(at + length)], .. bytes[(at + length)..]]);
            case 4:
                var quote = Array.IndexOf(bytes, (byte)'"', at);
                if (quote < 0) return ("truncated", bytes[..at]);
                return ("string made invalid UTF-8", [.. bytes[..(quote + 1)], 0xC3, 0x28, .. bytes[(quote + 1)..]]);
            case 5:
                var colon = Array.IndexOf(bytes, (byte)':', at);
                if (colon < 0) return ("truncated", bytes[..at]);
                var wrong = Encoding.UTF8.GetBytes(new[] { " [1, 2]", " {\"a\": []}", " 12345678901234567890123", " true", " null", " \"x\"" }[random.Next(6)]);
                var end = colon + 1;
                while (end < bytes.Length && bytes[end] is not ((byte)',' or (byte)'}' or (byte)']' or (byte)'\n')) end++;
                return ("value of another type", [.. bytes[..(colon + 1)], .. wrong, .. bytes[end..]]);
            case 6:
                return ("CRLF to lone CR", Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(bytes).Replace("\\n", "\\r", StringComparison.Ordinal)));
            case 7:
                return ("deep nesting", [.. bytes[..at], .. Encoding.ASCII.GetBytes(new string('[', 5000)), .. bytes[at..]]);
            default:
                return ("emptied", []);
        }
    }
}
