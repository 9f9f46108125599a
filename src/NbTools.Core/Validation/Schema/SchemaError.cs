using System.Text.Json;

namespace NbTools.Core.Validation.Schema;

/// <summary>
/// One failed check: its kind, the property it concerns (null for array items and whole values),
/// the JSON path, the value (for messages), the byte offset whose line and position are reported,
/// and for <c>oneOf</c> and child schemas the errors of each branch.
/// </summary>
internal sealed record SchemaError(
    SchemaErrorKind Kind,
    string? Property,
    string Path,
    JsonElement Value,
    int Offset,
    SchemaNode Schema,
    IReadOnlyList<IReadOnlyList<SchemaError>>? Branches = null);
