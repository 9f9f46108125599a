using System.Collections.Concurrent;
using System.Text;
using NbTools.Core.Formats.Ipynb;
using NbTools.Core.IO;
using NbTools.Core.Json;
using NbTools.Core.Model;
using NbTools.Core.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using NJsonSchema;
using NJsonSchema.Validation;

namespace NbTools.Core.Validation;

/// <summary>
/// Validates .ipynb files against the official nbformat JSON schemas (3 and 4.0–4.5, shipped inside
/// NbTools), the file's own version choosing the schema. A file that cannot be read as a notebook
/// at all (not JSON, no or unsupported nbformat) raises <see cref="NotebookFormatException"/>.
/// </summary>
public static class NotebookValidator
{
    private static readonly ConcurrentDictionary<string, JsonSchema> Schemas = new();

    /// <summary>Validates a file on disk.</summary>
    public static ValidationResult Validate(string path) => Validate(InputFiles.ReadAllBytes(path), path);

    /// <summary>Validates a file's bytes; <paramref name="file"/> names it in messages.</summary>
    public static ValidationResult Validate(byte[] content, string file)
    {
        if (content.Length == 0) throw new NotebookFormatException(file, "the file is empty, expected a notebook (a JSON object)");
        var (_, utf8) = EncodedText.Decode(content, file);
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
        IpynbReader.Read(content, file);
        var schemaName = major == 3 ? "nbformat.v3.schema.json" : $"nbformat.v4.{Math.Clamp(minor, 0, 5)}.schema.json";
        var schema = Schemas.GetOrAdd(schemaName, LoadSchema);
        var token = ParseWithLineInfo(utf8);
        var problems = new List<ValidationProblem>();
        foreach (var error in schema.Validate(token)) Collect(error, problems);
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

    private static JToken ParseWithLineInfo(ReadOnlyMemory<byte> utf8)
    {
        using var reader = new JsonTextReader(new StringReader(Encoding.UTF8.GetString(utf8.Span)))
        {
            DateParseHandling = DateParseHandling.None,
            FloatParseHandling = FloatParseHandling.Double,
            MaxDepth = null,
        };
        return JToken.ReadFrom(reader, new JsonLoadSettings { LineInfoHandling = LineInfoHandling.Load });
    }

    private static JsonSchema LoadSchema(string name)
    {
        using var stream = typeof(NotebookValidator).Assembly.GetManifestResourceStream("NbTools.Schemas." + name)
            ?? throw new InvalidOperationException($"schema {name} is not embedded");
        using var reader = new StreamReader(stream);
        return JsonSchema.FromJsonAsync(FlattenMiscDefinitions(reader.ReadToEnd())).GetAwaiter().GetResult();
    }

    /// <summary>
    /// The nbformat schemas keep shared pieces under <c>definitions/misc/NAME</c>, a container that
    /// is not itself a schema; NJsonSchema only resolves references to schemas, so each piece is
    /// lifted to <c>definitions/misc_NAME</c> and the references rewritten. The rules are unchanged.
    /// </summary>
    private static string FlattenMiscDefinitions(string schemaJson)
    {
        var schema = JObject.Parse(schemaJson);
        if (schema["definitions"] is JObject definitions && definitions["misc"] is JObject misc)
        {
            definitions.Remove("misc");
            foreach (var property in misc.Properties()) definitions["misc_" + property.Name] = property.Value;
            foreach (var reference in schema.Descendants().OfType<JProperty>().Where(p => p.Name == "$ref").ToList())
            {
                if (reference.Value is JValue { Type: JTokenType.String } value && ((string)value!).StartsWith("#/definitions/misc/", StringComparison.Ordinal))
                {
                    reference.Value = "#/definitions/misc_" + ((string)value!)["#/definitions/misc/".Length..];
                }
            }
        }
        return schema.ToString(Formatting.None);
    }

    private static void Collect(ValidationError error, List<ValidationProblem> problems)
    {
        if (error is ChildSchemaValidationError child && child.Errors.Count > 0)
        {
            // oneOf/anyOf: report the branch that came closest (fewest errors), like jsonschema's best_match.
            // A branch for another cell_type/output_type is the wrong branch however few its errors.
            var best = child.Errors.Values
                .OrderBy(errors => errors.Any(IsDiscriminatorMismatch) ? 1 : 0)
                .ThenBy(errors => errors.Count)
                .First();
            if (best.Count > 0)
            {
                foreach (var inner in best) Collect(inner, problems);
                return;
            }
        }
        var path = PathOf(error);
        problems.Add(new ValidationProblem(path, Describe(error), error.HasLineInfo ? error.LineNumber : null, error.HasLineInfo ? error.LinePosition : null));
    }

    private static bool IsDiscriminatorMismatch(ValidationError error) =>
        error.Kind == ValidationErrorKind.NotInEnumeration && error.Property is "cell_type" or "output_type";

    private static string PathOf(ValidationError error)
    {
        var path = error.Path ?? "";
        if (path.StartsWith("#/", StringComparison.Ordinal)) path = path[2..];
        else if (path == "#") path = "";
        // Required-property errors point at the missing property; report the object that lacks it.
        if (error.Kind == ValidationErrorKind.PropertyRequired && error.Property is { } property && path.EndsWith(property, StringComparison.Ordinal))
        {
            path = path[..^property.Length].TrimEnd('.');
        }
        return path;
    }

    private static string Describe(ValidationError error) => error.Kind switch
    {
        ValidationErrorKind.PropertyRequired => $"\"{error.Property}\" is a required property",
        ValidationErrorKind.NoAdditionalPropertiesAllowed => $"\"{error.Property}\" is not allowed here",
        ValidationErrorKind.StringExpected => "expected a string",
        ValidationErrorKind.IntegerExpected => "expected an integer",
        ValidationErrorKind.NumberExpected => "expected a number",
        ValidationErrorKind.BooleanExpected => "expected a boolean",
        ValidationErrorKind.ObjectExpected => "expected an object",
        ValidationErrorKind.ArrayExpected => "expected a list",
        ValidationErrorKind.NotInEnumeration => NotInEnumeration(error),
        ValidationErrorKind.PatternMismatch => "does not match the required pattern",
        ValidationErrorKind.StringTooShort => "string is too short",
        ValidationErrorKind.StringTooLong => "string is too long",
        ValidationErrorKind.NumberTooSmall => "number is too small",
        ValidationErrorKind.NotOneOf => "matches none of the allowed shapes",
        ValidationErrorKind.NotAnyOf => "matches none of the allowed shapes",
        ValidationErrorKind.AdditionalPropertiesNotValid => $"\"{error.Property}\" has an invalid value",
        _ => SplitWords(error.Kind.ToString()),
    };

    /// <summary>Every value a kind-naming property may take (the schema checks them one branch at a time, so its error lists one).</summary>
    private static readonly Dictionary<string, IReadOnlyList<string>> KindValues = new(StringComparer.Ordinal)
    {
        ["output_type"] = OutputType.All,
        ["cell_type"] = CellType.All,
    };

    /// <summary>"'unknown' is not one of execute_result, display_data, stream, error" (the path already names the property).</summary>
    private static string NotInEnumeration(ValidationError error)
    {
        var value = error.Token is JValue { Value: { } v } ? $"'{v}'" : error.Token?.ToString(Formatting.None) ?? "the value";
        if (value.Length > 60) value = value[..57] + "…";
        var allowed = error.Property is { } p && KindValues.TryGetValue(p, out var kinds)
            ? kinds.ToList()
            : error.Schema?.Enumeration?.Select(e => e?.ToString() ?? "null").ToList() ?? [];
        return allowed.Count == 0 ? $"{value} is not one of the allowed values" : $"{value} is not one of {string.Join(", ", allowed)}";
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
