using NbTools.Extraction.Translation;

namespace NbTools.Extraction.Output;

/// <summary>
/// Writes a notebook's static class: its code version, the <c>Parameters</c> record, the <c>Display</c>
/// hook, the notebook's members, and <c>Run</c>, which starts (or joins) a tracking run, logs the
/// parameters, notebook and code version, runs the cells and marks the run FAILED when they throw.
/// </summary>
internal static class ClassWriter
{
    private const string TrackingRun = "global::NbTools.Tracking.Run";
    private const string Tracker = "global::NbTools.Tracking.Tracker";

    public static void Write(CodeText text, NotebookCode code, bool withArguments)
    {
        var task = code.IsAsync ? "async global::System.Threading.Tasks.Task" : "void";
        var await = code.IsAsync ? "await " : "";
        text.Line($"/// <summary>Code extracted from the notebook <c>{Xml(code.NotebookPath)}</c> by nbtools extract; edit the notebook and extract again rather than this file.</summary>")
            .Line($"public static partial class {code.ClassName}")
            .Line("{")
            .Line("    /// <summary>The notebook, relative to the project folder.</summary>")
            .Line($"    public const string NotebookPath = {CodeText.Quote(code.NotebookPath)};")
            .Line("    /// <summary>SHA-256 of the notebook file the code was extracted from.</summary>")
            .Line($"    public const string NotebookDigest = {CodeText.Quote(code.Digest)};")
            .Line("    /// <summary>The git commit of the notebook's last change at extraction (null outside git).</summary>")
            .Line($"    public const string? GitCommit = {(code.Version.Commit is null ? "null" : CodeText.Quote(code.Version.Commit))};")
            .Line("    /// <summary>True when the notebook had uncommitted changes at extraction.</summary>")
            .Line($"    public const bool GitDirty = {(code.Version.Dirty ? "true" : "false")};")
            .Line("    /// <summary>The experiment Run starts its run in unless the caller names one (the notebook's #!experiment; null: MLFLOW_EXPERIMENT_NAME, else Default).</summary>")
            .Line($"    public const string? ExperimentName = {(code.Experiment is null ? "null" : CodeText.Quote(code.Experiment.Name))};")
            .Line("    /// <summary>The name of the run Run starts (#!experiment --run-name, else the class's name).</summary>")
            .Line($"    public const string RunName = {CodeText.Quote(code.Experiment?.RunName ?? code.ClassName)};")
            .Line();
        WriteParameters(text, code);
        if (withArguments) WriteArguments(text, code);
        text.Line("    /// <summary>Where displayed values go (a cell's last expression, display(x), x.Display()): the console unless replaced.</summary>")
            .Line("    public static global::System.Action<object?> DisplayHook { get; set; } = value => global::System.Console.WriteLine(value is global::System.Collections.IEnumerable items && value is not string ? \"[\" + string.Join(\", \", global::System.Linq.Enumerable.Cast<object?>(items)) + \"]\" : value);")
            .Line()
            .Line("    /// <summary>Shows a value through <see cref=\"DisplayHook\"/>.</summary>")
            .Line("    public static void Display(object? value) => DisplayHook(value);")
            .Line();
        // The notebook's types nest in its class, so notebooks in one library may declare the same names.
        text.Notebook(code.Types.Where(t => !code.TopLevelTypes.Contains(t.Key)).Select(t => t.Value));
        if (code.Experiment is not null) WriteSharedRun(text);
        text.Notebook(code.Fields).Notebook(code.Members);
        text.Line()
            .Line("    /// <summary>")
            .Line("    /// Runs the notebook's code in cell order. Starts a tracking run in <paramref name=\"tracker\"/> (default: MLFLOW_TRACKING_URI, else ./mlruns),")
            .Line("    /// in <paramref name=\"experiment\"/> (default: <see cref=\"ExperimentName\"/>), or joins <paramref name=\"run\"/>; logs the parameters, the notebook's")
            .Line("    /// path and digest and the code version; ends a run it started when the code returns, and marks the run FAILED when the code throws.")
            .Line("    /// </summary>")
            .Line($"    public static {task} Run(Parameters? parameters = null, {TrackingRun}? run = null, {Tracker}? tracker = null, string? experiment = null)")
            .Line("    {")
            .Line("        parameters ??= new Parameters();")
            .Line("        var owned = run is null;")
            .Line($"        run ??= (tracker ?? {Tracker}.Open()).StartRun(experiment: experiment ?? ExperimentName, runName: RunName);")
            .Line("        run.SetTag(\"nbtools.notebook.path\", NotebookPath);")
            .Line("        run.SetTag(\"nbtools.notebook.digest\", NotebookDigest);")
            .Line(code.Version.Commit is null ? "        // The notebook was not in git at extraction: no commit to log." : "        run.SetTag(\"mlflow.source.git.commit\", GitCommit!);")
            .Line("        run.SetTag(\"nbtools.code.dirty\", GitDirty ? \"true\" : \"false\");")
            .Line("        run.LogParams(new global::System.Collections.Generic.KeyValuePair<string, object>[]")
            .Line("        {");
        foreach (var p in code.Parameters) text.Line($"            new(\"{p.Name}\", (object?)parameters.{p.Name} ?? \"\"),");
        text.Line("        });");
        if (code.Experiment is not null) text.Line("        var outer = SharedRun.Value;").Line("        SharedRun.Value = run;");
        text.Line("        try")
            .Line("        {")
            .Line($"            {await}RunCells(parameters);")
            .Line("        }")
            .Line("        catch")
            .Line("        {")
            .Line("            run.End(global::NbTools.Tracking.RunStatus.Failed);")
            .Line("            throw;")
            .Line("        }");
        if (code.Experiment is not null) text.Line("        finally").Line("        {").Line("            SharedRun.Value = outer;").Line("        }");
        text.Line($"        if (owned) run.End(global::NbTools.Tracking.RunStatus.{code.EndStatus});")
            .Line("    }")
            .Line()
            .Line("// In the kernel each cell compiles alone and keeps its variables as fields: code after a cell that throws is")
            .Line("// not unreachable there, and an unused variable is not worth a warning.")
            .Line("#pragma warning disable CS0162, CS0168, CS0219")
            .Line($"    private static {task} RunCells(Parameters __parameters)")
            .Line("    {");
        text.Notebook(code.Statements);
        text.Line("    }")
            .Line("#pragma warning restore CS0162, CS0168, CS0219")
            .Line("}");
    }

    /// <summary>The kernel's shared variable <c>run</c> (#!experiment): the run of the Run call in progress, for statements and members alike.</summary>
    private static void WriteSharedRun(CodeText text) =>
        text.Line($"    private static readonly global::System.Threading.AsyncLocal<{TrackingRun}?> SharedRun = new();")
            .Line()
            .Line("    /// <summary>The notebook's <c>run</c> (shared by #!experiment in the kernel): the tracking run of the Run call in progress.</summary>")
            .Line($"    private static {TrackingRun} run => SharedRun.Value ?? throw new global::System.InvalidOperationException(\"run: the notebook's tracking run exists only while Run runs\");")
            .Line();

    private static void WriteParameters(CodeText text, NotebookCode code)
    {
        text.Line("    /// <summary>The notebook's parameters (its parameters cell), with the cell's values as defaults.</summary>")
            .Line("    public sealed record Parameters")
            .Line("    {");
        foreach (var p in code.Parameters)
        {
            text.Line($"        /// <summary>Parameter <c>{p.Name}</c>.</summary>")
                .Line($"        public {p.Type} {p.Name} {{ get; init; }} =")
                .Notebook([p.Default with { Text = p.Default.Text + ";\n" }]);
        }
        text.Line("    }").Line();
    }

    /// <summary>For an app: <c>--name value</c> command-line arguments for the parameters of simple types.</summary>
    private static void WriteArguments(CodeText text, NotebookCode code)
    {
        text.Line("    /// <summary>Parameters from <c>--name value</c> arguments (simple types only); the notebook's values for the rest.</summary>")
            .Line("    public static Parameters ParseArguments(string[] args)")
            .Line("    {")
            .Line("        var parameters = new Parameters();")
            .Line("        for (var i = 0; i < args.Length; i += 2)")
            .Line("        {")
            .Line("            var value = i + 1 < args.Length ? args[i + 1] : throw new global::System.ArgumentException($\"{args[i]}: a value is missing\");")
            .Line("            parameters = args[i] switch")
            .Line("            {");
        foreach (var p in code.Parameters.Where(p => SimpleTypes.Contains(p.Type)))
        {
            text.Line($"                \"--{p.Name}\" => parameters with {{ {p.Name} = ({p.Type})global::System.Convert.ChangeType(value, typeof({p.Type}), global::System.Globalization.CultureInfo.InvariantCulture) }},");
        }
        text.Line("                _ => throw new global::System.ArgumentException($\"{args[i]}: not a parameter of this notebook\"),")
            .Line("            };")
            .Line("        }")
            .Line("        return parameters;")
            .Line("    }")
            .Line();
    }

    private static readonly HashSet<string> SimpleTypes = new(StringComparer.Ordinal)
    {
        "string", "int", "long", "short", "byte", "double", "float", "decimal", "bool", "char", "uint", "ulong",
    };

    private static string Xml(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
