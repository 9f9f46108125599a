namespace NbTools.Core.Text;

/// <summary>The byte encodings of notebook files NbTools reads, and writes back the same way.</summary>
internal enum FileEncoding
{
    Utf8,
    Utf8WithBom,
    Utf16LittleEndian,
    Utf16BigEndian,
}
