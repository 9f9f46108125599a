using System.Text;
using NbTools.Extraction.Translation;

namespace NbTools.Extraction.Output;

/// <summary>Writes the C# files: one per notebook for a library, one file-based app, one test file per notebook.</summary>
internal static class SourceFileWriter
{
    public static byte[] Library(NotebookCode code, string ns)
    {
        var text = Header(code);
        Usings(text, code.Usings).Line($"using static {ns}.{code.ClassName};").Line().Line($"namespace {ns};").Line();
        text.Notebook(code.Types.Where(t => code.TopLevelTypes.Contains(t.Key)).Select(t => t.Value)).Line();
        ClassWriter.Write(text, code, withArguments: false);
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    public static byte[] App(NotebookCode code, string trackingVersion)
    {
        var text = new CodeText();
        text.Line($"#:package NbTools.Tracking@{trackingVersion}");
        foreach (var (name, version) in code.Packages) text.Line($"#:package {name}@{version ?? "*"}");
        text.Line("#:property PublishAot=false");
        foreach (var line in Header(code).ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)) text.Line(line);
        Usings(text, code.Usings).Line($"using static {code.ClassName};").Line();
        text.Line($"var parameters = {code.ClassName}.ParseArguments(args);")
            .Line($"{(code.IsAsync ? "await " : "")}{code.ClassName}.Run(parameters);")
            .Line();
        text.Notebook(code.Types.Where(t => code.TopLevelTypes.Contains(t.Key)).Select(t => t.Value)).Line();
        ClassWriter.Write(text, code, withArguments: true);
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    public static byte[] Tests(NotebookCode code, string ns)
    {
        var up = (Emitted e) => e.LineFile is null || Path.IsPathRooted(e.LineFile) ? e : e with { LineFile = "../" + e.LineFile };
        var text = Header(code);
        Usings(text, code.Usings.Append("Xunit")).Line($"using static {ns}.{code.ClassName};").Line().Line($"namespace {ns}.Tests;").Line();
        text.Notebook(code.TestTypes.Select(t => up(t.Value))).Line();
        text.Line($"/// <summary>The notebook's test cells, and a smoke test of <see cref=\"{code.ClassName}.Run\"/>.</summary>")
            .Line("[Collection(\"nbtools extract: Run in the notebook's folder\")] // the smoke tests change the working folder: one at a time")
            .Line($"public sealed class {code.ClassName}Tests")
            .Line("{");
        text.Notebook(code.TestMembers.Select(up));
        foreach (var test in code.Tests)
        {
            text.Line("    [Fact]")
                .Line($"    public {(test.IsAsync ? "async global::System.Threading.Tasks.Task" : "void")} {test.Name}()")
                .Line("    {")
                .Notebook(test.Statements.Select(up))
                .Line("    }")
                .Line();
        }
        text.Line("    [Fact]")
            .Line($"    public {(code.IsAsync ? "async global::System.Threading.Tasks.Task" : "void")} RunWithDefaultParametersFinishes()")
            .Line("    {")
            .Line("        var store = global::System.IO.Path.Combine(global::System.IO.Path.GetTempPath(), \"nbtools-smoke-\" + global::System.Guid.NewGuid().ToString(\"N\"));")
            .Line("        var folder = global::System.Environment.CurrentDirectory;")
            .Line("        try")
            .Line("        {")
            .Line("            // As in the kernel, the notebook's code runs in the notebook's folder: its relative paths (data files) resolve there.")
            .Line("            if (NotebookFolder() is { } notebookFolder) global::System.Environment.CurrentDirectory = notebookFolder;")
            .Line("            var tracker = global::NbTools.Tracking.Tracker.Open(store);")
            .Line($"            {(code.IsAsync ? "await " : "")}{code.ClassName}.Run(tracker: tracker);")
            .Line("            var run = Assert.Single(tracker.FileStore.Runs());")
            .Line("            Assert.Equal(global::NbTools.Tracking.RunStatus.Finished, run.Status);")
            .Line("        }")
            .Line("        finally")
            .Line("        {")
            .Line("            global::System.Environment.CurrentDirectory = folder;")
            .Line("            if (global::System.IO.Directory.Exists(store)) global::System.IO.Directory.Delete(store, recursive: true);")
            .Line("        }")
            .Line("    }")
            .Line()
            .Line("    /// <summary>The notebook's folder where these tests were compiled (NotebookPath is relative to the library, one folder up), or null when it is not there.</summary>")
            .Line("    private static string? NotebookFolder([global::System.Runtime.CompilerServices.CallerFilePath] string testFile = \"\")")
            .Line("    {")
            .Line("        var library = global::System.IO.Path.GetDirectoryName(global::System.IO.Path.GetDirectoryName(testFile));")
            .Line($"        var notebook = library is null ? null : global::System.IO.Path.GetFullPath(global::System.IO.Path.Combine(library, NotebookPath));")
            .Line("        return notebook is not null && global::System.IO.File.Exists(notebook) ? global::System.IO.Path.GetDirectoryName(notebook) : null;")
            .Line("    }")
            .Line("}");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static CodeText Header(NotebookCode code) =>
        new CodeText()
            .Line($"// Generated by nbtools extract from {code.NotebookPath}.")
            .Line("// Edit the notebook and run nbtools extract again: changes made here are overwritten.")
            .Line("#nullable enable");

    private static CodeText Usings(CodeText text, IEnumerable<string> notebookUsings)
    {
        var all = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var ns in KernelUsings.Namespaces) all.Add($"using {ns};");
        foreach (var u in notebookUsings) all.Add(u.StartsWith("using ", StringComparison.Ordinal) ? u : $"using {u};");
        foreach (var u in all) text.Line(u);
        return text;
    }
}
