using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using NbTools.Core.Formats.Ipynb;
using NbTools.Core.IO;
using NbTools.Core.Json;
using NbTools.Core.Model;
using NbTools.Core.Text;
using NbTools.Core.Validation.Schema;

namespace NbTools.Core.Validation;

/// <summary>
/// Validates .ipynb files against the official nbformat JSON schemas (3 and 4.0–4.5, shipped inside
/// NbTools), the file's own version choosing the schema. A file that cannot be read as a notebook
/// at all (not JSON, no or unsupported nbformat) raises <see cref="NotebookFormatException"/>.
/// The schemas are compiled once into a direct checker (<see cref="SchemaValidator"/>) that walks the
/// parsed document: no reflection, no second parse with line information, time linear in the file.
/// </summary>
public static class NotebookValidator
{
    private static readonly ConcurrentDictionary<string, SchemaNode> Schemas = new();

    /// <summary>Validates a file on disk.</summary>
    public static ValidationResult Validate(string path) => Validate(InputFiles.ReadAllBytes(path), path);

    /// <summary>Validates a file's bytes; <paramref name="file"/> names it in messages.</summary>
    public static ValidationResult Validate(byte[] content, string file)
    {
        if (content.Length == 0) throw new NotebookFormatException(file, "the file is empty, expected a notebook (a JSON object)");
        var (encoding, utf8) = EncodedText.Decode(content, file);
        var source = new JsonSource(utf8, file);
        var root = IpynbReader.ReadRoot(source); // syntax errors, with line and position
        var major = ReadVersion(source, root, "nbformat", required: true);
        var minor = ReadVersion(source, root, "nbformat_minor", required: false);
        if (major is not (3 or 4))
        {
            var item = root.Items[root.IndexOfLast("nbformat")];
            throw source.Error($"nbformat {major} is not supported; NbTools validates nbformat 3 and 4", "nbformat", item.ValueStart);
        }
        // One reader, one verdict: what convert, diff and merge refuse, validate refuses too (exit 2).
        IpynbReader.Read(content, encoding, source, root);
        var schemaName = major == 3 ? "nbformat.v3.schema.json" : $"nbformat.v4.{Math.Clamp(minor, 0, 5)}.schema.json";
        var schema = Schemas.GetOrAdd(schemaName, LoadSchema);
        using var document = JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = JsonSource.MaxDepth });
        var errors = SchemaValidator.Validate(document.RootElement, utf8, schema);
        var found = new List<(string Path, string Message, int Offset)>();
        foreach (var error in errors) Collect(error, found);
        var places = LineLocator.Locate(utf8.Span, found.Select(f => f.Offset));
        var problems = found.Select(f => new ValidationProblem(f.Path, f.Message, places[f.Offset].Line, places[f.Offset].Position));
        var label = major == 3 ? "nbformat 3" : $"nbformat 4.{Math.Clamp(minor, 0, 5)}";
        return new ValidationResult(file, label, problems.Distinct().ToList());
    }

    private static int ReadVersion(JsonSource source, Json.RawContainer root, string name, bool required)
    {
        var index = root.IndexOfLast(name);
        if (index < 0)
        {
            if (!required) return 0;
            throw new NotebookFormatException(source.File, $"no \"{name}\" key: this is not a Jupyter notebook", line: 1, position: 1);
        }
        var item = root.Items[index];
        var text = Encoding.ASCII.GetString(source.Slice(item.Value));
        if (item.Kind != RawKind.Number || !int.TryParse(text, out var value))
        {
            if (!required) return 5;
            throw source.Error("expected an integer", name, item.ValueStart);
        }
        return value;
    }

    private static SchemaNode LoadSchema(string name)
    {
        using var stream = typeof(NotebookValidator).Assembly.GetManifestResourceStream("NbTools.Schemas." + name)
            ?? throw new InvalidOperationException($"schema {name} is not embedded");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return SchemaCompiler.Compile(copy.ToArray());
    }

    private static void Collect(SchemaError error, List<(string Path, string Message, int Offset)> problems)
    {
        if (error.Branches is { Count: > 0 } branches)
        {
            // oneOf: report the branch that came closest (fewest errors), like jsonschema's best_match.
            // A branch for another cell_type/output_type is the wrong branch however few its errors.
            var best = branches
                .OrderBy(errors => errors.Any(IsDiscriminatorMismatch) ? 1 : 0)
                .ThenBy(errors => errors.Count)
                .First();
            if (best.Count > 0)
            {
                foreach (var inner in best) Collect(inner, problems);
                return;
            }
        }
        problems.Add((PathOf(error), Describe(error), error.Offset));
    }

    private static bool IsDiscriminatorMismatch(SchemaError error) =>
        error.Kind == SchemaErrorKind.NotInEnumeration && error.Property is "cell_type" or "output_type";

    private static string PathOf(SchemaError error)
    {
        var path = error.Path;
        // Required-property errors point at the missing property; report the object that lacks it.
        if (error.Kind == SchemaErrorKind.PropertyRequired && error.Property is { } property && path.EndsWith(property, StringComparison.Ordinal))
        {
            path = path[..^property.Length].TrimEnd('.');
        }
        return path;
    }

    private static string Describe(SchemaError error) => error.Kind switch
    {
        SchemaErrorKind.PropertyRequired => $"\"{error.Property}\" is a required property",
        SchemaErrorKind.NoAdditionalPropertiesAllowed => $"\"{error.Property}\" is not allowed here",
        SchemaErrorKind.StringExpected => "expected a string",
        SchemaErrorKind.IntegerExpected => "expected an integer",
        SchemaErrorKind.NumberExpected => "expected a number",
        SchemaErrorKind.BooleanExpected => "expected a boolean",
        SchemaErrorKind.ObjectExpected => "expected an object",
        SchemaErrorKind.ArrayExpected => "expected a list",
        SchemaErrorKind.NotInEnumeration => NotInEnumeration(error),
        SchemaErrorKind.PatternMismatch => "does not match the required pattern",
        SchemaErrorKind.StringTooShort => "string is too short",
        SchemaErrorKind.StringTooLong => "string is too long",
        SchemaErrorKind.NumberTooSmall => "number is too small",
        SchemaErrorKind.NotOneOf => "matches none of the allowed shapes",
        SchemaErrorKind.AdditionalPropertiesNotValid => $"\"{error.Property}\" has an invalid value",
        _ => SplitWords(error.Kind.ToString()),
    };

    /// <summary>Every value a kind-naming property may take (the schema checks them one branch at a time, so its error lists one).</summary>
    private static readonly Dictionary<string, IReadOnlyList<string>> KindValues = new(StringComparer.Ordinal)
    {
        ["output_type"] = OutputType.All,
        ["cell_type"] = CellType.All,
    };

    /// <summary>"'unknown' is not one of execute_result, display_data, stream, error" (the path already names the property).</summary>
    private static string NotInEnumeration(SchemaError error)
    {
        var value = error.Value.ValueKind switch
        {
            JsonValueKind.String => $"'{error.Value.GetString()}'",
            JsonValueKind.True or JsonValueKind.False or JsonValueKind.Number => $"'{Shown(error.Value)}'",
            _ => Shown(error.Value),
        };
        if (value.Length > 60) value = value[..57] + "…";
        var allowed = error.Property is { } p && KindValues.TryGetValue(p, out var kinds)
            ? kinds.ToList()
            : error.Schema.Enumeration?.Select(Shown).ToList() ?? [];
        return allowed.Count == 0 ? $"{value} is not one of the allowed values" : $"{value} is not one of {string.Join(", ", allowed)}";
    }

    /// <summary>A value as messages show it: a string as it is, True/False, anything else as compact JSON.</summary>
    private static string Shown(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.True => "True",
        JsonValueKind.False => "False",
        _ => CompactJson(value),
    };

    private static string CompactJson(JsonElement value)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true }))
        {
            value.WriteTo(writer);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string SplitWords(string kind)
    {
        var builder = new StringBuilder();
        foreach (var c in kind)
        {
            if (char.IsUpper(c) && builder.Length > 0) builder.Append(' ');
            builder.Append(char.ToLowerInvariant(c));
        }
        return builder.ToString();
    }
}
