namespace NbTools.Extraction.Translation;

/// <summary>One notebook translated: what goes where in the generated class, types, parameters and tests.</summary>
internal sealed class NotebookCode
{
    public required string Label { get; init; }
    public required string ClassName { get; init; }
    public required string NotebookPath { get; init; }
    public required string Digest { get; init; }
    public CodeVersion Version { get; set; } = CodeVersion.None;
    public SortedSet<string> Usings { get; } = new(StringComparer.Ordinal);

    /// <summary>Types by name and arity, in first-declared order; a later declaration replaces the earlier, as in the kernel.</summary>
    public List<KeyValuePair<string, Emitted>> Types { get; } = [];

    /// <summary>Static classes with extension methods: C# wants them top-level, so they cannot nest in the notebook's class.</summary>
    public HashSet<string> TopLevelTypes { get; } = new(StringComparer.Ordinal);
    public List<Emitted> Fields { get; } = [];
    public List<Emitted> Members { get; } = [];
    public List<Emitted> Statements { get; } = [];
    public List<ParameterVariable> Parameters { get; } = [];
    public List<TestCase> Tests { get; } = [];
    public List<KeyValuePair<string, Emitted>> TestTypes { get; } = [];
    public List<Emitted> TestMembers { get; } = [];
    public SortedDictionary<string, string?> Packages { get; } = new(StringComparer.OrdinalIgnoreCase);
    public SortedSet<string> References { get; } = new(StringComparer.Ordinal);
    public bool IsAsync { get; set; }

    /// <summary>The notebook's <c>#!experiment</c>: Run's default experiment and run name, and the <c>run</c> the code sees; null without one.</summary>
    public ExperimentMagic? Experiment { get; set; }

    /// <summary>How Run ends a run it started when the code returns: <c>#!end-run --status</c> (a RunStatus member name).</summary>
    public string EndStatus { get; set; } = "Finished";
}

/// <summary>A variable of the parameters cell: a property of the <c>Parameters</c> record.</summary>
internal sealed record ParameterVariable(string Name, string Type, Emitted Default);

/// <summary>A <c>//| test</c> cell as one test method.</summary>
internal sealed record TestCase(string Name, IReadOnlyList<Emitted> Statements, bool IsAsync);
