using System.Text.Json;
using System.Text.RegularExpressions;

namespace NbTools.Core.Validation.Schema;

/// <summary>
/// One JSON schema (draft 4) as the nbformat schemas use it, compiled once from the embedded file:
/// the keywords those schemas use and nothing else (no reflection, no code generation).
/// A <c>$ref</c> schema stands for its target, as in draft 4, where a reference's siblings are ignored.
/// </summary>
internal sealed class SchemaNode
{
    public SchemaNode? Reference { get; set; }

    public SchemaTypes Types { get; set; }

    public List<(string Name, SchemaNode Schema)> Properties { get; } = [];

    public List<string> Required { get; } = [];

    public List<(Regex Pattern, SchemaNode Schema)> PatternProperties { get; } = [];

    /// <summary>False for <c>additionalProperties: false</c>.</summary>
    public bool AllowAdditionalProperties { get; set; } = true;

    public SchemaNode? AdditionalProperties { get; set; }

    public SchemaNode? Items { get; set; }

    public List<SchemaNode> OneOf { get; } = [];

    public SchemaNode? Not { get; set; }

    public JsonElement[]? Enumeration { get; set; }

    public Regex? Pattern { get; set; }

    public int? MinLength { get; set; }

    public int? MaxLength { get; set; }

    public decimal? Minimum { get; set; }

    public decimal? Maximum { get; set; }

    public bool UniqueItems { get; set; }

    /// <summary>The schema that applies: the reference's target, followed to the end.</summary>
    public SchemaNode Actual
    {
        get
        {
            var node = this;
            for (var hops = 0; node.Reference is { } target && hops < 64; hops++) node = target;
            return node;
        }
    }

    /// <summary>True when null is an accepted value (a null type, a nullable oneOf branch, or a nullable target).</summary>
    public bool IsNullable
    {
        get
        {
            if (Types.HasFlag(SchemaTypes.Null)) return true;
            if (Enumeration is { } values && values.Any(v => v.ValueKind == JsonValueKind.Null)) return true;
            if (Types == SchemaTypes.None && OneOf.Any(o => o.IsNullable)) return true;
            return Reference is not null && Actual.IsNullable;
        }
    }

    public bool IsRequired(string name) => Required.Contains(name, StringComparer.Ordinal);
}
