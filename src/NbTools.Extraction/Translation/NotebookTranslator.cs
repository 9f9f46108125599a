using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NbTools.Extraction.Selection;

namespace NbTools.Extraction.Translation;

/// <summary>
/// Turns a notebook's taken cells into the parts of its static class: usings hoisted, types kept (a
/// later declaration replacing an earlier one), top-level methods and properties made static members,
/// statements moved into <c>Run</c> in cell order, the parameters cell into the <c>Parameters</c>
/// record, test cells into tests. Script variables stay locals of <c>Run</c> unless a member uses them
/// (then they become static fields, as they are fields in the kernel).
/// </summary>
internal sealed class NotebookTranslator
{
    private readonly NotebookCode code;
    private readonly List<ExtractNote> notes;
    private readonly List<(SelectedCell Cell, ParsedCell Parsed)> cells;
    private readonly ScriptSemantics semantics;
    private readonly HashSet<VariableDeclaratorSyntax> topLevel = [];
    private readonly HashSet<string> promoted = new(StringComparer.Ordinal);
    private readonly HashSet<string> nested = new(StringComparer.Ordinal);
    private readonly HashSet<string> declared = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> aliases = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> memberKeys = new(StringComparer.Ordinal);

    public NotebookTranslator(NotebookCode code, List<(SelectedCell Cell, ParsedCell Parsed)> cells, IEnumerable<string> packageAssemblies, Func<MetadataReference> tracking, List<ExtractNote> notes)
    {
        this.code = code;
        this.cells = cells;
        this.notes = notes;
        var codeCells = cells.Where(c => c.Cell.Role != CellRole.Test).ToList();
        // The kernel extension shares the run as the variable run: the script model gets it too, with NbTools.Tracking's types.
        var sharesRun = codeCells.Any(c => c.Parsed.TrackingMagics.Any(m => m.Text.StartsWith(TrackingMagics.Experiment, StringComparison.Ordinal)));
        semantics = new ScriptSemantics(codeCells.Select(c => c.Parsed), packageAssemblies, sharesRun ? new ScriptSemantics.Shared("global::NbTools.Tracking.Run run = null;", tracking()) : null);
    }

    public void Translate()
    {
        Survey();
        foreach (var (cell, parsed) in cells)
        {
            foreach (var directive in parsed.Root.Usings) code.Usings.Add(directive.WithoutTrivia().NormalizeWhitespace().ToFullString());
            foreach (var (name, version) in parsed.Packages) code.Packages[name] = version;
            foreach (var reference in parsed.References) code.References.Add(reference);
            if (cell.Role == CellRole.Test) TranslateTest(cell, parsed);
            else
            {
                TrackingMagics.Apply(code, cell.Number, parsed.TrackingMagics, notes);
                TranslateCode(cell, parsed);
            }
        }
        code.IsAsync = code.Statements.Count > 0 && cells.Where(c => c.Cell.Role != CellRole.Test).Any(c => c.Parsed.Root.Members.OfType<GlobalStatementSyntax>().Any(ScopeNames.Awaits));
    }

    /// <summary>Finds the script variables, the ones members use (fields) and the names inner scopes declare (renaming).</summary>
    private void Survey()
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (cell, parsed) in cells.Where(c => c.Cell.Role != CellRole.Test))
        {
            foreach (var member in parsed.Root.Members)
            {
                if (Declaration(member) is { } declaration) topLevel.UnionWith(declaration.Variables);
                else if (member is not GlobalStatementSyntax) used.UnionWith(ScopeNames.Used(member));
            }
        }
        foreach (var declarator in topLevel) if (used.Contains(declarator.Identifier.Text)) promoted.Add(declarator.Identifier.Text);
        foreach (var (cell, parsed) in cells.Where(c => c.Cell.Role != CellRole.Test))
        {
            foreach (var statement in parsed.Root.Members.OfType<GlobalStatementSyntax>()) nested.UnionWith(ScopeNames.DeclaredWithin(statement, topLevel));
        }
    }

    private void TranslateCode(SelectedCell cell, ParsedCell parsed)
    {
        var taken = new List<string>();
        var members = parsed.Root.Members;
        for (var i = 0; i < members.Count; i++)
        {
            var member = members[i];
            var line = LineOf(member);
            switch (member)
            {
                case BaseTypeDeclarationSyntax or DelegateDeclarationSyntax:
                    AddType(code.Types, member, parsed, cell, line);
                    if (HasExtensionMethods(member)) code.TopLevelTypes.Add(TypeName(member));
                    taken.Add("type " + TypeName(member));
                    break;
                case FieldDeclarationSyntax or GlobalStatementSyntax { Statement: LocalDeclarationStatementSyntax { UsingKeyword.RawKind: 0, AwaitKeyword.RawKind: 0 } } when Declaration(member) is { } declaration:
                    TranslateVariables(declaration, cell, parsed);
                    break;
                case GlobalStatementSyntax statement:
                    var last = i == members.Count - 1;
                    code.Statements.Add(new(Statement(statement, last, parsed, cell, line, aliases), parsed.LineFile, line));
                    break;
                case MemberDeclarationSyntax other when other is MethodDeclarationSyntax or PropertyDeclarationSyntax or EventFieldDeclarationSyntax or EventDeclarationSyntax or IndexerDeclarationSyntax:
                    AddMember(other, parsed, cell, line);
                    taken.Add("member " + MemberName(other));
                    break;
                default:
                    notes.Add(new(code.Label, cell.Number, line, ExtractNoteKind.Warning, $"{member.Kind()} kept as it is"));
                    code.Members.Add(new(Text(member), parsed.LineFile, line));
                    break;
            }
        }
        var statements = members.Count(m => m is GlobalStatementSyntax or FieldDeclarationSyntax);
        var what = string.Join(", ", taken.Append(statements > 0 ? $"{statements} statement(s) into Run" : null).Where(s => s is not null));
        notes.Add(new(code.Label, cell.Number, null, ExtractNoteKind.Taken, (cell.Role == CellRole.Parameters ? "parameters cell: " : "") + (what.Length == 0 ? "nothing but usings" : what)));
    }

    private void TranslateVariables(VariableDeclarationSyntax declaration, SelectedCell cell, ParsedCell parsed)
    {
        var typeText = declaration.Type.ToString();
        var first = true;
        foreach (var declarator in declaration.Variables)
        {
            var name = declarator.Identifier.Text;
            var line = first ? LineOf(declaration.Parent!) : LineOf(declarator);
            var leading = first ? declaration.Parent!.GetLeadingTrivia().ToFullString() : "";
            first = false;
            var initializer = declarator.Initializer is null ? null : Rewrite(declarator.Initializer.Value, cell, parsed, aliases).ToString();
            var explicitType = declaration.Type.IsVar ? null : typeText;
            if (cell.Role == CellRole.Parameters)
            {
                var type = explicitType ?? semantics.TypeOfDeclared(declarator) ?? throw new ExtractionException($"{code.Label}: cell {cell.Number}, line {line}: cannot tell the type of parameter '{name}'; give it an explicit type");
                code.Parameters.Add(new(name, type, new(initializer ?? "default!", parsed.LineFile, line)));
                initializer = "__parameters." + name;
            }
            if (promoted.Contains(name))
            {
                var type = explicitType ?? semantics.TypeOfDeclared(declarator);
                if (type is null)
                {
                    notes.Add(new(code.Label, cell.Number, line, ExtractNoteKind.Warning, $"cannot tell the type of '{name}': its field is dynamic"));
                    type = "dynamic";
                }
                // A parameter's field starts with its default, so members that use it work before Run too.
                var start = cell.Role == CellRole.Parameters ? " = " + code.Parameters[^1].Default.Text : "";
                if (!declared.Contains(name)) code.Fields.Add(new($"public static {type} {name}{start};\n", parsed.LineFile, line));
                else notes.Add(new(code.Label, cell.Number, line, ExtractNoteKind.Rewritten, $"'{name}' declared again: assigned instead"));
                declared.Add(name);
                if (initializer is not null) code.Statements.Add(new($"{leading}{name} = {initializer};\n", parsed.LineFile, line));
                continue;
            }
            var alias = name;
            if (declared.Contains(name) || nested.Contains(name))
            {
                alias = Unique($"{name}_{cell.Number}");
                notes.Add(new(code.Label, cell.Number, line, ExtractNoteKind.Rewritten, declared.Contains(name) ? $"'{name}' declared again: renamed {alias} from here on" : $"'{name}' renamed {alias} (an inner scope declares the same name)"));
            }
            declared.Add(name);
            aliases[name] = alias;
            var local = explicitType ?? "var";
            code.Statements.Add(new(initializer is null ? $"{leading}{local} {alias};\n" : $"{leading}{local} {alias} = {initializer};\n", parsed.LineFile, line));
        }
    }

    private string Unique(string name)
    {
        var candidate = name;
        for (var n = 2; declared.Contains(candidate) || nested.Contains(candidate) || aliases.ContainsValue(candidate); n++) candidate = $"{name}_{n}";
        declared.Add(candidate);
        return candidate;
    }

    private void TranslateTest(SelectedCell cell, ParsedCell parsed)
    {
        var statements = new List<Emitted>();
        var members = parsed.Root.Members;
        var noAliases = new Dictionary<string, string>();
        for (var i = 0; i < members.Count; i++)
        {
            var member = members[i];
            var line = LineOf(member);
            switch (member)
            {
                case BaseTypeDeclarationSyntax or DelegateDeclarationSyntax:
                    AddType(code.TestTypes, member, parsed, cell, line);
                    break;
                case FieldDeclarationSyntax field:
                    statements.Add(new(field.GetLeadingTrivia().ToFullString() + Rewrite(field.Declaration, cell, parsed, noAliases).ToString() + ";\n", parsed.LineFile, line));
                    break;
                case GlobalStatementSyntax statement:
                    statements.Add(new(Statement(statement, i == members.Count - 1, parsed, cell, line, noAliases), parsed.LineFile, line));
                    break;
                default:
                    code.TestMembers.Add(new(WithModifiers((MemberDeclarationSyntax)member, "private", cell, parsed), parsed.LineFile, line));
                    break;
            }
        }
        var awaits = members.OfType<GlobalStatementSyntax>().Any(ScopeNames.Awaits);
        code.Tests.Add(new($"Cell{cell.Number}", statements, awaits));
        notes.Add(new(code.Label, cell.Number, null, ExtractNoteKind.Taken, $"test cell -> test Cell{cell.Number} (with --tests)"));
    }

    /// <summary>A statement's text; a last expression without semicolon (the kernel's display idiom) becomes a Display call.</summary>
    private string Statement(GlobalStatementSyntax statement, bool last, ParsedCell parsed, SelectedCell cell, int line, IReadOnlyDictionary<string, string> names)
    {
        var local = new Dictionary<string, string>(names, StringComparer.Ordinal);
        foreach (var inner in ScopeNames.DeclaredWithin(statement, topLevel)) local.Remove(inner);
        if (last && statement.Statement is ExpressionStatementSyntax { SemicolonToken.IsMissing: true } expressionStatement)
        {
            var expression = (ExpressionSyntax)Rewrite(expressionStatement.Expression, cell, parsed, local);
            var leading = statement.GetLeadingTrivia().ToFullString();
            var body = expression.WithoutTrivia().ToFullString();
            if (semantics.IsVoid(expressionStatement.Expression))
            {
                notes.Add(new(code.Label, cell.Number, line, ExtractNoteKind.Rewritten, "last expression has no value: semicolon added"));
                return $"{leading}{body};\n";
            }
            notes.Add(new(code.Label, cell.Number, line, ExtractNoteKind.Rewritten, $"displayed value '{Shorten(body)}' -> Display hook"));
            return $"{leading}Display({body});\n";
        }
        return Text(Rewrite(statement.Statement, cell, parsed, local));
    }

    private SyntaxNode Rewrite(SyntaxNode node, SelectedCell cell, ParsedCell parsed, IReadOnlyDictionary<string, string> names)
    {
        var line = LineOf(node);
        return new CellRewriter(names, what => notes.Add(new(code.Label, cell.Number, line, ExtractNoteKind.Rewritten, what))).Visit(node)!;
    }

    private void AddType(List<KeyValuePair<string, Emitted>> types, MemberDeclarationSyntax type, ParsedCell parsed, SelectedCell cell, int line)
    {
        var key = TypeName(type);
        var emitted = new Emitted(Text(Rewrite(type, cell, parsed, new Dictionary<string, string>())), parsed.LineFile, line);
        var index = types.FindIndex(t => t.Key == key);
        if (index < 0)
        {
            types.Add(new(key, emitted));
            return;
        }
        notes.Add(new(code.Label, cell.Number, line, ExtractNoteKind.Warning, $"type {key} declared again: this declaration replaces the one at {types[index].Value.LineFile}, as in the kernel"));
        types[index] = new(key, emitted);
    }

    private void AddMember(MemberDeclarationSyntax member, ParsedCell parsed, SelectedCell cell, int line)
    {
        var key = MemberName(member) + (member is MethodDeclarationSyntax method ? method.ParameterList.Parameters.ToString() : "");
        var emitted = new Emitted(WithModifiers(member, "public", cell, parsed), parsed.LineFile, line);
        if (memberKeys.TryGetValue(key, out var earlier))
        {
            notes.Add(new(code.Label, cell.Number, line, ExtractNoteKind.Warning, $"{MemberName(member)} declared again: replaces the one at {earlier}, as in the kernel"));
            code.Members.RemoveAll(m => m.LineFile == earlier && MemberKeyOf(m) == key);
        }
        memberKeys[key] = parsed.LineFile;
        code.Members.Add(emitted);
        memberTexts[emitted] = key;
    }

    private readonly Dictionary<Emitted, string> memberTexts = new(ReferenceEqualityComparer.Instance);

    private string? MemberKeyOf(Emitted emitted) => memberTexts.GetValueOrDefault(emitted);

    /// <summary>A top-level member as a member of the static class: static, and <paramref name="access"/> unless it says otherwise.</summary>
    private string WithModifiers(MemberDeclarationSyntax member, string access, SelectedCell cell, ParsedCell parsed)
    {
        var rewritten = (MemberDeclarationSyntax)Rewrite(member, cell, parsed, new Dictionary<string, string>());
        var modifiers = rewritten.Modifiers;
        var prefix = "";
        if (!modifiers.Any(m => m.IsKind(SyntaxKind.PublicKeyword) || m.IsKind(SyntaxKind.PrivateKeyword) || m.IsKind(SyntaxKind.InternalKeyword) || m.IsKind(SyntaxKind.ProtectedKeyword))) prefix += access + " ";
        if (!modifiers.Any(m => m.IsKind(SyntaxKind.StaticKeyword))) prefix += "static ";
        var leading = rewritten.GetLeadingTrivia().ToFullString();
        return Text(leading, prefix + rewritten.WithoutLeadingTrivia().ToFullString());
    }

    private static bool HasExtensionMethods(MemberDeclarationSyntax type) =>
        type is ClassDeclarationSyntax c && c.Modifiers.Any(m => m.IsKind(SyntaxKind.StaticKeyword))
        && c.Members.OfType<MethodDeclarationSyntax>().Any(m => m.ParameterList.Parameters.FirstOrDefault()?.Modifiers.Any(x => x.IsKind(SyntaxKind.ThisKeyword)) == true);

    private static VariableDeclarationSyntax? Declaration(MemberDeclarationSyntax member) => member switch
    {
        FieldDeclarationSyntax field when !field.Modifiers.Any(m => m.IsKind(SyntaxKind.ConstKeyword)) => field.Declaration,
        GlobalStatementSyntax { Statement: LocalDeclarationStatementSyntax { UsingKeyword.RawKind: 0, AwaitKeyword.RawKind: 0, IsConst: false } local } => local.Declaration,
        _ => null,
    };

    private static string TypeName(MemberDeclarationSyntax type) => type switch
    {
        TypeDeclarationSyntax t => t.Identifier.Text + (t.TypeParameterList is { } p ? $"<{new string(',', p.Parameters.Count - 1)}>" : ""),
        BaseTypeDeclarationSyntax b => b.Identifier.Text,
        DelegateDeclarationSyntax d => d.Identifier.Text,
        _ => type.Kind().ToString(),
    };

    private static string MemberName(MemberDeclarationSyntax member) => member switch
    {
        MethodDeclarationSyntax m => m.Identifier.Text + "()",
        PropertyDeclarationSyntax p => p.Identifier.Text,
        EventFieldDeclarationSyntax e => string.Join(", ", e.Declaration.Variables.Select(v => v.Identifier.Text)),
        EventDeclarationSyntax e => e.Identifier.Text,
        _ => member.Kind().ToString(),
    };

    private static int LineOf(SyntaxNode node) => node.SyntaxTree.GetLineSpan(node.FullSpan).StartLinePosition.Line + 1;

    private static string Text(SyntaxNode node) => Text("", node.ToFullString());

    private static string Text(string leading, string body)
    {
        var text = leading + body;
        return text.EndsWith('\n') ? text : text + "\n";
    }

    private static string Shorten(string text)
    {
        var line = text.Split('\n')[0].Trim();
        return line.Length > 40 ? line[..40] + "…" : line;
    }
}
