using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Newtonsoft.Json.Linq;

namespace NbTools.Core.Json;

/// <summary>
/// Builds Newtonsoft <see cref="JToken"/>s straight from UTF-8 with <see cref="Utf8JsonReader"/>:
/// no intermediate string and no per-value reader buffers, which matters when thousands of small
/// metadata objects are parsed. Values come out as Newtonsoft's own parser makes them (integers as
/// long or BigInteger, other numbers as double, dates left as strings).
/// </summary>
internal static class JTokenBuilder
{
    public static JToken Build(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, isFinalBlock: true, new JsonReaderState(JsonSource.ReaderOptions));
        reader.Read();
        return Build(ref reader);
    }

    private static JToken Build(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var obj = new JObject();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var name = reader.GetString()!;
                    reader.Read();
                    obj[name] = Build(ref reader); // duplicate keys: the last one wins, as in Newtonsoft
                }
                return obj;
            case JsonTokenType.StartArray:
                var array = new JArray();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) array.Add(Build(ref reader));
                return array;
            case JsonTokenType.String:
                return new JValue(reader.GetString());
            case JsonTokenType.Number:
                return Number(ref reader);
            case JsonTokenType.True:
                return new JValue(true);
            case JsonTokenType.False:
                return new JValue(false);
            default:
                return JValue.CreateNull();
        }
    }

    private static JValue Number(ref Utf8JsonReader reader)
    {
        var span = reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan;
        var isInteger = span.IndexOfAny("."u8) < 0 && span.IndexOfAny("eE"u8) < 0;
        if (isInteger)
        {
            if (reader.TryGetInt64(out var l)) return new JValue(l);
            return new JValue(BigInteger.Parse(System.Text.Encoding.ASCII.GetString(span), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));
        }
        return new JValue(double.Parse(span, NumberStyles.Float, CultureInfo.InvariantCulture));
    }
}
