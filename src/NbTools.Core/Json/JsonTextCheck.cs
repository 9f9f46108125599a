using System.Text;
using System.Text.Json;

namespace NbTools.Core.Json;

/// <summary>
/// One pass over a whole JSON document that checks every key and string can become text: valid
/// UTF-8 and no lone surrogate escapes (<c>"\ud800"</c>). System.Text.Json finds these only when a
/// string is decoded, which the lossless reader does late or never (outputs stay bytes), so without
/// this pass a bad byte deep in an output would surface as a crash in whatever command decodes it.
/// </summary>
internal static class JsonTextCheck
{
    public static void Check(JsonSource source)
    {
        var reader = new Utf8JsonReader(source.Utf8.Span, isFinalBlock: true, new JsonReaderState(JsonSource.ReaderOptions));
        var path = new List<(string? Name, int Index)>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        CheckText(ref reader, source, path, "a key");
                        path[^1] = (reader.ValueIsEscaped ? reader.GetString() : Encoding.UTF8.GetString(reader.ValueSpan), -1);
                        continue;
                    case JsonTokenType.String:
                        CheckText(ref reader, source, path, "a string");
                        break;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        Advance(path);
                        path.Add((null, -1));
                        continue;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        path.RemoveAt(path.Count - 1);
                        continue;
                }
                Advance(path);
            }
        }
        catch (JsonException ex)
        {
            throw source.SyntaxError(ex, 0);
        }
    }

    /// <summary>Moves an array's index on by one value (objects are named by their keys).</summary>
    private static void Advance(List<(string? Name, int Index)> path)
    {
        if (path.Count > 0 && path[^1].Name is null) path[^1] = (null, path[^1].Index + 1);
    }

    private static void CheckText(ref Utf8JsonReader reader, JsonSource source, List<(string? Name, int Index)> path, string what)
    {
        var offset = (int)reader.TokenStartIndex;
        if (!System.Text.Unicode.Utf8.IsValid(reader.ValueSpan)) throw source.Error($"{what} holds bytes that are not valid UTF-8; re-save the file as UTF-8", PathOf(path, what), offset);
        if (!reader.ValueIsEscaped) return;
        try
        {
            reader.GetString();
        }
        catch (InvalidOperationException)
        {
            throw source.Error($"{what} holds an escape that is no character (a lone surrogate such as \\ud800)", PathOf(path, what), offset);
        }
    }

    private static string? PathOf(List<(string? Name, int Index)> path, string what)
    {
        var parts = what == "a key" ? path.Take(path.Count - 1) : path;
        var text = new StringBuilder();
        foreach (var (name, index) in parts)
        {
            if (name is null) text.Append('[').Append(index < 0 ? 0 : index).Append(']');
            else text.Append(text.Length == 0 ? "" : ".").Append(name);
        }
        return text.Length == 0 ? null : text.ToString();
    }
}
