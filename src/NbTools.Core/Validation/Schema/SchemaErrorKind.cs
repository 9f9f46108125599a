namespace NbTools.Core.Validation.Schema;

/// <summary>What a schema check found (the names, split into words, are the fallback messages).</summary>
internal enum SchemaErrorKind
{
    PropertyRequired,
    NoAdditionalPropertiesAllowed,
    AdditionalPropertiesNotValid,
    ArrayItemNotValid,
    StringExpected,
    IntegerExpected,
    NumberExpected,
    BooleanExpected,
    ObjectExpected,
    ArrayExpected,
    NullExpected,
    NoTypeValidates,
    NotInEnumeration,
    PatternMismatch,
    StringTooShort,
    StringTooLong,
    NumberTooSmall,
    NumberTooBig,
    ItemsNotUnique,
    NotOneOf,
    ExcludedSchemaValidates,
}
