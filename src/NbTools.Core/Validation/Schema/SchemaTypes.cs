namespace NbTools.Core.Validation.Schema;

/// <summary>The JSON types a schema's <c>type</c> keyword allows (none: any type).</summary>
[Flags]
internal enum SchemaTypes
{
    None = 0,
    Array = 1,
    Boolean = 2,
    Integer = 4,
    Null = 8,
    Number = 16,
    Object = 32,
    String = 64,
}
