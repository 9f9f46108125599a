using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace NbTools.Core.Validation.Schema;

/// <summary>
/// Compiles a JSON schema document into <see cref="SchemaNode"/>s. References are JSON pointers
/// inside the same document (<c>#/definitions/misc/source</c>), resolved once.
/// </summary>
internal sealed class SchemaCompiler
{
    // Draft-4 keywords this checker does not implement: a schema using one is refused, so it never
    // silently checks less than it says. Other unknown names are ignored, as draft 4 says: the
    // nbformat schemas hold a few misplaced ones ("item" for items, "source_hidden" beside
    // "properties") that every validator, nbformat's own included, passes over.
    private static readonly HashSet<string> Unsupported = new(StringComparer.Ordinal)
    {
        "allOf", "anyOf", "additionalItems", "dependencies", "format", "multipleOf", "exclusiveMinimum",
        "exclusiveMaximum", "minItems", "maxItems", "minProperties", "maxProperties",
    };

    private readonly JsonElement root;
    private readonly Dictionary<string, SchemaNode> byPointer = new(StringComparer.Ordinal);

    private SchemaCompiler(JsonElement root) => this.root = root;

    /// <summary>Compiles the schema whose text is <paramref name="utf8"/>; its document stays alive in the nodes' enum values.</summary>
    public static SchemaNode Compile(ReadOnlyMemory<byte> utf8)
    {
        var document = JsonDocument.Parse(utf8);
        return new SchemaCompiler(document.RootElement).CompileAt("#");
    }

    private SchemaNode CompileAt(string pointer)
    {
        if (byPointer.TryGetValue(pointer, out var known)) return known;
        var node = new SchemaNode();
        byPointer[pointer] = node; // before filling it: a schema may refer to itself
        Fill(node, Resolve(pointer), pointer);
        return node;
    }

    private JsonElement Resolve(string pointer)
    {
        var element = root;
        foreach (var part in pointer.Split('/').Skip(1))
        {
            var name = part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var child)) element = child;
            else if (element.ValueKind == JsonValueKind.Array && int.TryParse(name, out var i) && i < element.GetArrayLength()) element = element[i];
            else throw new InvalidOperationException($"schema reference {pointer} points nowhere");
        }
        return element;
    }

    private void Fill(SchemaNode node, JsonElement schema, string pointer)
    {
        if (schema.ValueKind != JsonValueKind.Object) throw new InvalidOperationException($"{pointer} is not a schema");
        foreach (var keyword in schema.EnumerateObject())
        {
            var value = keyword.Value;
            var at = pointer + "/" + keyword.Name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
            switch (keyword.Name)
            {
                case "$ref":
                    node.Reference = CompileAt(value.GetString()!);
                    break;
                case "type":
                    node.Types = value.ValueKind == JsonValueKind.Array
                        ? value.EnumerateArray().Aggregate(SchemaTypes.None, (all, t) => all | TypeOf(t.GetString()!))
                        : TypeOf(value.GetString()!);
                    break;
                case "properties":
                    foreach (var property in value.EnumerateObject()) node.Properties.Add((property.Name, CompileAt(at + "/" + Escape(property.Name))));
                    break;
                case "required":
                    node.Required.AddRange(value.EnumerateArray().Select(r => r.GetString()!));
                    break;
                case "patternProperties":
                    foreach (var property in value.EnumerateObject()) node.PatternProperties.Add((Regex(property.Name), CompileAt(at + "/" + Escape(property.Name))));
                    break;
                case "additionalProperties":
                    if (value.ValueKind == JsonValueKind.Object) node.AdditionalProperties = CompileAt(at);
                    else node.AllowAdditionalProperties = value.GetBoolean();
                    break;
                case "items":
                    node.Items = CompileAt(at);
                    break;
                case "oneOf":
                    for (var i = 0; i < value.GetArrayLength(); i++) node.OneOf.Add(CompileAt(at + "/" + i));
                    break;
                case "not":
                    node.Not = CompileAt(at);
                    break;
                case "enum":
                    node.Enumeration = value.EnumerateArray().ToArray();
                    break;
                case "pattern":
                    node.Pattern = Regex(value.GetString()!);
                    break;
                case "minLength":
                    node.MinLength = value.GetInt32();
                    break;
                case "maxLength":
                    node.MaxLength = value.GetInt32();
                    break;
                case "minimum":
                    node.Minimum = decimal.Parse(value.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture);
                    break;
                case "maximum":
                    node.Maximum = decimal.Parse(value.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture);
                    break;
                case "uniqueItems":
                    node.UniqueItems = value.GetBoolean();
                    break;
                default:
                    if (Unsupported.Contains(keyword.Name)) throw new InvalidOperationException($"schema keyword {keyword.Name} at {pointer} is not supported");
                    break;
            }
        }
    }

    private static string Escape(string name) => name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    // Patterns are searched, not anchored, as JSON Schema says; interpreted (compiling costs start-up time).
    private static Regex Regex(string pattern) => new(pattern, RegexOptions.CultureInvariant);

    private static SchemaTypes TypeOf(string name) => name switch
    {
        "array" => SchemaTypes.Array,
        "boolean" => SchemaTypes.Boolean,
        "integer" => SchemaTypes.Integer,
        "null" => SchemaTypes.Null,
        "number" => SchemaTypes.Number,
        "object" => SchemaTypes.Object,
        "string" => SchemaTypes.String,
        _ => throw new InvalidOperationException($"schema type {name} is not supported"),
    };
}
