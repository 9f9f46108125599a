using Newtonsoft.Json.Linq;

namespace NbTools.Core.Json;

/// <summary>
/// Reads a metadata value that should be a string without trusting the file: a list or an object
/// where a string belongs (a kernelspec <c>language</c> that is a list) reads as absent instead of
/// throwing from Newtonsoft's explicit conversion.
/// </summary>
internal static class JsonText
{
    /// <summary>The string a token holds, or null when it is absent or not a string.</summary>
    public static string? Str(this JToken? token) => token is JValue { Type: JTokenType.String, Value: string text } ? text : null;
}
