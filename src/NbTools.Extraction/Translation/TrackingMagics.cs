namespace NbTools.Extraction.Translation;

/// <summary>
/// The kernel extension's tracking magics in a notebook (NbTools.Interactive): <c>#!experiment NAME
/// [--run-name R]</c> starts a run that C# cells use as <c>run</c>, <c>#!end-run [--status S]</c> ends
/// it. In the library, <c>Run</c> starts (or joins) that run in experiment NAME, shares it with the
/// notebook code as <c>run</c> and ends it when the code returns (FAILED when it throws).
/// </summary>
internal static class TrackingMagics
{
    public const string Experiment = "#!experiment";
    public const string EndRun = "#!end-run";

    private static readonly Dictionary<string, string> Statuses = new(StringComparer.Ordinal)
    {
        ["finished"] = "Finished",
        ["failed"] = "Failed",
        ["killed"] = "Killed",
    };

    /// <summary>True for a magic line this class translates (rather than removes).</summary>
    public static bool Handles(string magic) => IsMagic(magic, Experiment) || IsMagic(magic, EndRun);

    /// <summary>Applies one cell's tracking magics to <paramref name="code"/>, noting each in the report.</summary>
    public static void Apply(NotebookCode code, int cell, IEnumerable<(int Line, string Text)> magics, List<ExtractNote> notes)
    {
        foreach (var (line, text) in magics)
        {
            var note = (ExtractNoteKind kind, string message) => notes.Add(new(code.Label, cell, line, kind, message));
            var words = Words(text, code.Label, cell, line);
            if (words[0] == Experiment) ApplyExperiment(code, words, text, note, $"{code.Label}: cell {cell}, line {line}");
            else ApplyEndRun(code, words, text, note, $"{code.Label}: cell {cell}, line {line}");
        }
    }

    private static void ApplyExperiment(NotebookCode code, List<string> words, string text, Action<ExtractNoteKind, string> note, string where)
    {
        string? name = null, runName = null;
        var ignored = new List<string>();
        for (var i = 1; i < words.Count; i++)
        {
            var word = words[i];
            if (!word.StartsWith("--", StringComparison.Ordinal))
            {
                if (name is not null) throw new ExtractionException($"{where}: {Experiment}: unexpected '{word}' (the experiment is already named '{name}')");
                name = word;
                continue;
            }
            var value = i + 1 < words.Count ? words[++i] : throw new ExtractionException($"{where}: {Experiment}: {word} needs a value");
            switch (word)
            {
                case "--name": name = value; break;
                case "--run-name": runName = value; break;
                case "--tracking-uri" or "--source" or "--on-cell-error": ignored.Add(word); break;
                default: throw new ExtractionException($"{where}: {Experiment}: unknown option {word} (known: --name, --run-name, --tracking-uri, --source, --on-cell-error)");
            }
        }
        if (string.IsNullOrWhiteSpace(name)) throw new ExtractionException($"{where}: {Experiment} names no experiment: {Experiment} NAME");
        if (code.Experiment is not null)
        {
            note(ExtractNoteKind.Warning, $"{text}: a second {Experiment} is ignored: Run has one tracking run, in experiment '{code.Experiment.Name}' (the kernel would end the first run here and start another)");
            return;
        }
        code.Experiment = new ExperimentMagic(name, runName);
        note(ExtractNoteKind.Rewritten, $"{text} -> Run starts (or joins) the tracking run in experiment '{name}'{(runName is null ? "" : $", run name '{runName}'")} and shares it with the code as run");
        if (ignored.Count > 0) note(ExtractNoteKind.Rewritten, $"{string.Join(", ", ignored)} not carried into the library: Run's caller chooses the store (tracker argument, else MLFLOW_TRACKING_URI, else ./mlruns); the notebook's path, digest and code version are logged as tags");
    }

    private static void ApplyEndRun(NotebookCode code, List<string> words, string text, Action<ExtractNoteKind, string> note, string where)
    {
        var status = "Finished";
        for (var i = 1; i < words.Count; i++)
        {
            if (words[i] != "--status" || i + 1 >= words.Count || !Statuses.TryGetValue(words[i + 1], out var chosen))
            {
                throw new ExtractionException($"{where}: {EndRun}: expected at most --status finished|failed|killed, got '{string.Join(' ', words.Skip(1))}'");
            }
            status = chosen;
            i++;
        }
        if (code.Experiment is null)
        {
            note(ExtractNoteKind.Warning, $"{text} with no {Experiment} before it: removed (the kernel would fail this cell)");
            return;
        }
        code.EndStatus = status;
        note(ExtractNoteKind.Rewritten, $"{text} -> the run ends when Run returns ({status.ToUpperInvariant()}; FAILED when the code throws; a run the caller passed in is left open)");
    }

    private static bool IsMagic(string magic, string name) =>
        magic.StartsWith(name, StringComparison.Ordinal) && (magic.Length == name.Length || char.IsWhiteSpace(magic[name.Length]));

    /// <summary>The magic's words as the kernel splits them: white space separates, double quotes group.</summary>
    private static List<string> Words(string text, string label, int cell, int line)
    {
        var words = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        var inWord = false;
        foreach (var c in text)
        {
            if (c == '"')
            {
                quoted = !quoted;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c) && !quoted)
            {
                if (inWord) words.Add(current.ToString());
                current.Clear();
                inWord = false;
            }
            else
            {
                current.Append(c);
                inWord = true;
            }
        }
        if (quoted) throw new ExtractionException($"{label}: cell {cell}, line {line}: a quote is not closed: {text}");
        if (inWord) words.Add(current.ToString());
        return words;
    }
}

/// <summary>What <c>#!experiment</c> asked for: the experiment and the run's name.</summary>
internal sealed record ExperimentMagic(string Name, string? RunName);
