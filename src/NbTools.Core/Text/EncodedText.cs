using System.Text;

namespace NbTools.Core.Text;

/// <summary>
/// Turns a file's bytes into UTF-8 for parsing (UTF-8 with or without BOM, UTF-16 with BOM) and
/// UTF-8 back into the file's own encoding for writing.
/// </summary>
internal static class EncodedText
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    public static (FileEncoding Encoding, ReadOnlyMemory<byte> Utf8) Decode(byte[] bytes, string file)
    {
        if (bytes.Length >= 4 && (bytes.AsSpan(0, 4).SequenceEqual(new byte[] { 0xFF, 0xFE, 0, 0 }) || bytes.AsSpan(0, 4).SequenceEqual(new byte[] { 0, 0, 0xFE, 0xFF })))
        {
            throw new NotebookFormatException(file, "UTF-32 text is not supported; save the notebook as UTF-8", line: 1, position: 1);
        }
        if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
        {
            return (FileEncoding.Utf8WithBom, bytes.AsMemory(3));
        }
        if (bytes.Length >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)))
        {
            var little = bytes[0] == 0xFF;
            Encoding utf16 = new UnicodeEncoding(bigEndian: !little, byteOrderMark: false, throwOnInvalidBytes: true);
            try
            {
                var text = utf16.GetString(bytes, 2, bytes.Length - 2);
                return (little ? FileEncoding.Utf16LittleEndian : FileEncoding.Utf16BigEndian, StrictUtf8.GetBytes(text));
            }
            catch (DecoderFallbackException)
            {
                throw new NotebookFormatException(file, "the file starts with a UTF-16 byte order mark but is not valid UTF-16 text");
            }
        }
        return (FileEncoding.Utf8, bytes);
    }

    public static byte[] Encode(ReadOnlySpan<byte> utf8, FileEncoding encoding)
    {
        switch (encoding)
        {
            case FileEncoding.Utf8:
                return utf8.ToArray();
            case FileEncoding.Utf8WithBom:
                var withBom = new byte[utf8.Length + 3];
                withBom[0] = 0xEF;
                withBom[1] = 0xBB;
                withBom[2] = 0xBF;
                utf8.CopyTo(withBom.AsSpan(3));
                return withBom;
            default:
                var bigEndian = encoding == FileEncoding.Utf16BigEndian;
                var text = Encoding.UTF8.GetString(utf8);
                var body = new UnicodeEncoding(bigEndian, false).GetBytes(text);
                var result = new byte[body.Length + 2];
                result[0] = bigEndian ? (byte)0xFE : (byte)0xFF;
                result[1] = bigEndian ? (byte)0xFF : (byte)0xFE;
                body.CopyTo(result, 2);
                return result;
        }
    }
}
