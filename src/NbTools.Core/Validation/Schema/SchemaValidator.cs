using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace NbTools.Core.Validation.Schema;

/// <summary>
/// Checks a parsed document against a compiled schema. Errors come in the order and shape of the
/// draft-4 validators NbTools' messages were written for: per schema, <c>oneOf</c>, <c>not</c>,
/// type (items, string, number, integer, boolean, null, object), <c>enum</c>, then properties in
/// the schema's order, required ones, pattern and additional properties in the document's order.
/// A <c>oneOf</c> is first decided by a check that stops at the first error of each branch; every
/// branch's errors are gathered only when it fails, so a valid notebook allocates no error at all.
/// </summary>
internal sealed class SchemaValidator
{
    private readonly ReadOnlyMemory<byte> document;
    private readonly ErrorPath path = new();

    private SchemaValidator(ReadOnlyMemory<byte> document) => this.document = document;

    /// <summary>
    /// Every error of <paramref name="root"/>, the root of a document parsed from
    /// <paramref name="utf8"/> without copying (offsets are taken from the element's bytes).
    /// </summary>
    public static List<SchemaError> Validate(JsonElement root, ReadOnlyMemory<byte> utf8, SchemaNode schema)
    {
        var errors = new List<SchemaError>();
        new SchemaValidator(utf8).Check(root, schema.Actual, null, errors);
        return errors;
    }

    /// <summary>Checks a value; with <paramref name="errors"/> null, stops at the first failure.</summary>
    private bool Check(JsonElement value, SchemaNode schema, string? property, List<SchemaError>? errors)
    {
        var before = errors?.Count ?? 0;
        if (!CheckOneOf(value, schema, property, errors) && errors is null) return false;
        if (schema.Not is { } not)
        {
            path.Restart();
            var excluded = Check(value, not.Actual, null, null);
            path.EndRestart();
            if (excluded && !Fail(errors, SchemaErrorKind.ExcludedSchemaValidates, property, value, schema)) return false;
        }
        var isNull = value.ValueKind == JsonValueKind.Null;
        if (!(isNull && schema.IsNullable) && !CheckType(value, schema, property, errors) && errors is null) return false;
        if (schema.Enumeration is { } values && !(isNull && schema.IsNullable) && !values.Any(v => JsonElement.DeepEquals(v, value))
            && !Fail(errors, SchemaErrorKind.NotInEnumeration, property, value, schema))
        {
            return false;
        }
        if (!CheckProperties(value, schema, errors) && errors is null) return false;
        return errors is null || errors.Count == before;
    }

    private bool CheckOneOf(JsonElement value, SchemaNode schema, string? property, List<SchemaError>? errors)
    {
        if (schema.OneOf.Count == 0) return true;
        path.Restart();
        var passing = 0;
        foreach (var branch in schema.OneOf)
        {
            if (Check(value, branch.Actual, null, null) && ++passing > 1) break;
        }
        path.EndRestart();
        if (passing == 1) return true;
        if (errors is null) return false;
        var branches = new List<IReadOnlyList<SchemaError>>();
        path.Restart();
        foreach (var branch in schema.OneOf)
        {
            var branchErrors = new List<SchemaError>();
            Check(value, branch.Actual, null, branchErrors);
            branches.Add(branchErrors);
        }
        path.EndRestart();
        errors.Add(new SchemaError(SchemaErrorKind.NotOneOf, property, path.Render(), value, TokenEnd(value), schema, branches));
        return false;
    }

    private bool CheckType(JsonElement value, SchemaNode schema, string? property, List<SchemaError>? errors)
    {
        var types = schema.Types;
        if (types == SchemaTypes.None || (types & (types - 1)) == 0) return CheckAs(value, schema, types, property, errors);
        // Several types: one of them has to fit, and a value that fits none is one error.
        foreach (var single in Enum.GetValues<SchemaTypes>())
        {
            if (single != SchemaTypes.None && types.HasFlag(single) && CheckAs(value, schema, single, property, null)) return true;
        }
        return Fail(errors, SchemaErrorKind.NoTypeValidates, property, value, schema);
    }

    private bool CheckAs(JsonElement value, SchemaNode schema, SchemaTypes type, string? property, List<SchemaError>? errors)
    {
        var kind = value.ValueKind;
        if (kind == JsonValueKind.Array)
        {
            if (!CheckItems(value, schema, errors) && errors is null) return false;
        }
        else if (type.HasFlag(SchemaTypes.Array) && !Fail(errors, SchemaErrorKind.ArrayExpected, property, value, schema))
        {
            return false;
        }
        if (kind == JsonValueKind.String)
        {
            if (!CheckString(value, schema, property, errors) && errors is null) return false;
        }
        else if (type.HasFlag(SchemaTypes.String) && !Fail(errors, SchemaErrorKind.StringExpected, property, value, schema))
        {
            return false;
        }
        if (kind == JsonValueKind.Number)
        {
            if (!CheckNumber(value, schema, property, errors) && errors is null) return false;
        }
        else if (type.HasFlag(SchemaTypes.Number) && !Fail(errors, SchemaErrorKind.NumberExpected, property, value, schema))
        {
            return false;
        }
        if (type.HasFlag(SchemaTypes.Integer) && !IsInteger(value) && !Fail(errors, SchemaErrorKind.IntegerExpected, property, value, schema)) return false;
        if (type.HasFlag(SchemaTypes.Boolean) && kind is not (JsonValueKind.True or JsonValueKind.False)
            && !Fail(errors, SchemaErrorKind.BooleanExpected, property, value, schema))
        {
            return false;
        }
        if (type.HasFlag(SchemaTypes.Null) && kind != JsonValueKind.Null && !Fail(errors, SchemaErrorKind.NullExpected, property, value, schema)) return false;
        if (type.HasFlag(SchemaTypes.Object) && kind != JsonValueKind.Object && !Fail(errors, SchemaErrorKind.ObjectExpected, property, value, schema)) return false;
        return true;
    }

    private bool CheckItems(JsonElement array, SchemaNode schema, List<SchemaError>? errors)
    {
        var ok = true;
        if (schema.UniqueItems && HasDuplicates(array)) ok = Fail(errors, SchemaErrorKind.ItemsNotUnique, null, array, schema);
        if (!ok && errors is null) return false;
        if (schema.Items is not { } items) return ok;
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            path.EnterItem(index);
            var itemErrors = errors is null ? null : new List<SchemaError>();
            if (!Check(item, items.Actual, null, itemErrors))
            {
                ok = false;
                if (errors is null)
                {
                    path.Leave();
                    return false;
                }
                errors.Add(new SchemaError(SchemaErrorKind.ArrayItemNotValid, $"[{index}]", path.Render(), item, TokenEnd(item), items, [itemErrors!]));
            }
            path.Leave();
            index++;
        }
        return ok;
    }

    private static bool HasDuplicates(JsonElement array)
    {
        var items = array.EnumerateArray().ToList();
        for (var i = 0; i < items.Count; i++)
        {
            for (var j = i + 1; j < items.Count; j++)
            {
                if (JsonElement.DeepEquals(items[i], items[j])) return true;
            }
        }
        return false;
    }

    private bool CheckString(JsonElement value, SchemaNode schema, string? property, List<SchemaError>? errors)
    {
        if (schema.Pattern is null && schema.MinLength is null && schema.MaxLength is null) return true;
        var text = value.GetString()!;
        var ok = true;
        if (schema.Pattern is { } pattern && !pattern.IsMatch(text)) ok = Fail(errors, SchemaErrorKind.PatternMismatch, property, value, schema);
        if (!ok && errors is null) return false;
        if (text.Length < schema.MinLength) ok = Fail(errors, SchemaErrorKind.StringTooShort, property, value, schema);
        if (!ok && errors is null) return false;
        if (text.Length > schema.MaxLength) ok = Fail(errors, SchemaErrorKind.StringTooLong, property, value, schema);
        return ok;
    }

    private bool CheckNumber(JsonElement value, SchemaNode schema, string? property, List<SchemaError>? errors)
    {
        if (schema.Minimum is null && schema.Maximum is null) return true;
        var raw = JsonMarshal.GetRawUtf8Value(value);
        var ok = true;
        if (decimal.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            if (number < schema.Minimum) ok = Fail(errors, SchemaErrorKind.NumberTooSmall, property, value, schema);
            if (!ok && errors is null) return false;
            if (number > schema.Maximum) ok = Fail(errors, SchemaErrorKind.NumberTooBig, property, value, schema);
            return ok;
        }
        // Beyond decimal's range: compare as a double (never fails: huge values are infinities).
        var approximate = double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (schema.Minimum is { } min && approximate < (double)min) ok = Fail(errors, SchemaErrorKind.NumberTooSmall, property, value, schema);
        if (!ok && errors is null) return false;
        if (schema.Maximum is { } max && approximate > (double)max) ok = Fail(errors, SchemaErrorKind.NumberTooBig, property, value, schema);
        return ok;
    }

    /// <summary>An integer is a number written without fraction or exponent (as JSON parsers type it).</summary>
    private static bool IsInteger(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number && JsonMarshal.GetRawUtf8Value(value).IndexOfAny("."u8 + "eE"u8) < 0;

    private bool CheckProperties(JsonElement value, SchemaNode schema, List<SchemaError>? errors)
    {
        var isObject = value.ValueKind == JsonValueKind.Object;
        if (!isObject && schema.Types.HasFlag(SchemaTypes.Null)) return true;
        var ok = true;
        foreach (var (name, propertySchema) in schema.Properties)
        {
            if (isObject && value.TryGetProperty(name, out var member))
            {
                if (member.ValueKind == JsonValueKind.Null && propertySchema.IsNullable) continue;
                path.EnterMember(name, dotted: true);
                var valid = Check(member, propertySchema.Actual, name, errors);
                path.Leave();
                if (!valid && errors is null) return false;
            }
            else if (schema.IsRequired(name))
            {
                ok = Fail(errors, SchemaErrorKind.PropertyRequired, name, value, schema, path.Render(name));
                if (errors is null) return false;
            }
        }
        foreach (var name in schema.Required)
        {
            if (schema.Properties.Exists(p => p.Name == name) || (isObject && value.TryGetProperty(name, out _))) continue;
            ok = Fail(errors, SchemaErrorKind.PropertyRequired, name, value, schema, path.Render(name));
            if (errors is null) return false;
        }
        if (!isObject) return ok;
        if (schema.PatternProperties.Count == 0 && schema.AdditionalProperties is null && schema.AllowAdditionalProperties) return ok;
        // A pattern applies to every member whose name it matches, named in properties or not
        // (draft 4); additionalProperties to the members neither names nor matches.
        var others = new List<JsonProperty>();
        foreach (var member in value.EnumerateObject())
        {
            var pattern = schema.PatternProperties.FirstOrDefault(p => p.Pattern.IsMatch(member.Name)).Schema;
            if (pattern is not null)
            {
                if (!CheckMember(member, pattern, errors) && errors is null) return false;
            }
            else if (!schema.Properties.Exists(p => p.Name == member.Name))
            {
                others.Add(member);
            }
        }
        foreach (var member in others)
        {
            if (schema.AdditionalProperties is { } additional)
            {
                if (!CheckMember(member, additional, errors) && errors is null) return false;
            }
            else if (!schema.AllowAdditionalProperties)
            {
                Fail(errors, SchemaErrorKind.NoAdditionalPropertiesAllowed, member.Name, member.Value, schema, path.Render(member.Name), MemberEnd(member));
                if (errors is null) return false;
            }
        }
        return errors is null || ok;
    }

    /// <summary>A member checked against a pattern's or the additional-properties schema.</summary>
    private bool CheckMember(JsonProperty member, SchemaNode child, List<SchemaError>? errors)
    {
        path.EnterMember(member.Name, dotted: false);
        var memberErrors = errors is null ? null : new List<SchemaError>();
        var valid = Check(member.Value, child.Actual, null, memberErrors);
        if (!valid && errors is not null)
        {
            errors.Add(new SchemaError(SchemaErrorKind.AdditionalPropertiesNotValid, member.Name, path.Render(), member.Value, TokenEnd(member.Value), child, [memberErrors!]));
        }
        path.Leave();
        return valid;
    }

    /// <summary>Records an error (collecting) or reports failure (checking); always false.</summary>
    private bool Fail(List<SchemaError>? errors, SchemaErrorKind kind, string? property, JsonElement value, SchemaNode schema, string? at = null, int? offset = null)
    {
        errors?.Add(new SchemaError(kind, property, at ?? path.Render(), value, offset ?? TokenEnd(value), schema));
        return false;
    }

    /// <summary>Offset just past a value's first token: the bracket of a container, the whole of a scalar.</summary>
    private int TokenEnd(JsonElement value)
    {
        var raw = JsonMarshal.GetRawUtf8Value(value);
        var start = OffsetOf(raw);
        return value.ValueKind is JsonValueKind.Object or JsonValueKind.Array ? start + 1 : start + raw.Length;
    }

    /// <summary>Offset just past the colon that follows a member's name.</summary>
    private int MemberEnd(JsonProperty member)
    {
        var name = JsonMarshal.GetRawUtf8PropertyName(member);
        var at = OffsetOf(name) + name.Length;
        var span = document.Span;
        while (at < span.Length && span[at] != (byte)':') at++;
        return Math.Min(at + 1, span.Length);
    }

    private int OffsetOf(ReadOnlySpan<byte> slice) =>
        (int)Unsafe.ByteOffset(ref MemoryMarshal.GetReference(document.Span), ref MemoryMarshal.GetReference(slice));
}
