using System.Globalization;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace NbTools.Core.Formats.Text;

/// <summary>
/// The YAML header of text notebooks (<c>jupyter:</c> with kernelspec, jupytext…), converted to and
/// from JSON values with YamlDotNet. Written in block style with sorted keys, as PyYAML writes it for
/// jupytext; strings that YAML would read as another type are quoted, so values survive exactly.
/// </summary>
public static partial class YamlHeader
{
    /// <summary>YAML lines (without a trailing line break) for a mapping.</summary>
    public static List<string> ToLines(JObject mapping)
    {
        var writer = new StringWriter { NewLine = "\n" };
        var emitter = new Emitter(writer, new EmitterSettings(2, int.MaxValue, false, 1024, false, true, "\n"));
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, true));
        Emit(emitter, mapping);
        emitter.Emit(new DocumentEnd(true));
        emitter.Emit(new StreamEnd());
        var lines = writer.ToString().Split('\n').ToList();
        while (lines.Count > 0 && (lines[^1].Length == 0 || lines[^1] == "...")) lines.RemoveAt(lines.Count - 1);
        return lines;
    }

    private static void Emit(IEmitter emitter, JToken token)
    {
        switch (token)
        {
            case JObject obj:
                emitter.Emit(new MappingStart(null, null, true, obj.Count == 0 ? MappingStyle.Flow : MappingStyle.Block));
                foreach (var property in obj.Properties().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    EmitString(emitter, property.Name);
                    Emit(emitter, property.Value);
                }
                emitter.Emit(new MappingEnd());
                break;
            case JArray array:
                emitter.Emit(new SequenceStart(null, null, true, array.Count == 0 ? SequenceStyle.Flow : SequenceStyle.Block));
                foreach (var item in array) Emit(emitter, item);
                emitter.Emit(new SequenceEnd());
                break;
            case JValue { Type: JTokenType.String } s:
                EmitString(emitter, (string)s!);
                break;
            case JValue { Type: JTokenType.Null }:
                emitter.Emit(new Scalar(null, null, "null", ScalarStyle.Plain, true, false));
                break;
            case JValue { Type: JTokenType.Boolean } b:
                emitter.Emit(new Scalar(null, null, (bool)b ? "true" : "false", ScalarStyle.Plain, true, false));
                break;
            case JValue { Type: JTokenType.Float } f:
                emitter.Emit(new Scalar(null, null, Json.PythonNumbers.FormatDouble((double)f), ScalarStyle.Plain, true, false));
                break;
            case JValue v:
                emitter.Emit(new Scalar(null, null, Convert.ToString(v.Value, CultureInfo.InvariantCulture) ?? "", ScalarStyle.Plain, true, false));
                break;
        }
    }

    private static void EmitString(IEmitter emitter, string value)
    {
        var needsQuotes = value.Length == 0 || Resolve(value).Type != JTokenType.String
            || value.Contains('\n') || char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]);
        var style = value.Contains('\n') || value.Any(char.IsControl) ? ScalarStyle.DoubleQuoted
            : needsQuotes ? ScalarStyle.SingleQuoted : ScalarStyle.Any;
        emitter.Emit(new Scalar(null, null, value, style, true, true));
    }

    /// <summary>
    /// Parses the YAML lines of a header or cell options in <paramref name="file"/>, whose first line is
    /// line <paramref name="firstLine"/> (1-based) of the file; bad YAML is a <see cref="NotebookFormatException"/>
    /// at the line it is on (or at the first line when the parser does not say).
    /// </summary>
    public static JObject Parse(IReadOnlyList<string> lines, string file, int firstLine)
    {
        try
        {
            return Parse(lines);
        }
        catch (YamlHeaderException ex)
        {
            throw new NotebookFormatException(file, ex.Message, line: firstLine - 1 + Math.Max(1, ex.Line));
        }
        catch (FormatException ex)
        {
            throw new NotebookFormatException(file, ex.Message, line: firstLine);
        }
    }

    /// <summary>Parses YAML lines into a mapping. Throws <see cref="FormatException"/> with the line on bad YAML.</summary>
    public static JObject Parse(IReadOnlyList<string> lines)
    {
        var root = YamlReader.Read(string.Join("\n", lines), Resolve);
        if (root is null) return new JObject();
        return root as JObject ?? throw new FormatException("the YAML header is not a mapping of keys to values");
    }

    /// <summary>How a plain YAML scalar reads (YAML 1.1 as PyYAML reads it: null, booleans, numbers, else a string).</summary>
    private static JValue Resolve(string text)
    {
        if (text is "" or "~" or "null" or "Null" or "NULL") return JValue.CreateNull();
        if (BoolTrue().IsMatch(text)) return new JValue(true);
        if (BoolFalse().IsMatch(text)) return new JValue(false);
        if (IntPattern().IsMatch(text) && long.TryParse(text.Replace("_", ""), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i)) return new JValue(i);
        if (FloatPattern().IsMatch(text) && double.TryParse(text.Replace("_", ""), NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return new JValue(d);
        if (text is ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF") return new JValue(double.PositiveInfinity);
        if (text is "-.inf" or "-.Inf" or "-.INF") return new JValue(double.NegativeInfinity);
        if (text is ".nan" or ".NaN" or ".NAN") return new JValue(double.NaN);
        return new JValue(text);
    }

    [GeneratedRegex("^(y|Y|yes|Yes|YES|true|True|TRUE|on|On|ON)$")]
    private static partial Regex BoolTrue();

    [GeneratedRegex("^(n|N|no|No|NO|false|False|FALSE|off|Off|OFF)$")]
    private static partial Regex BoolFalse();

    [GeneratedRegex("^[-+]?(0|[1-9][0-9_]*)$")]
    private static partial Regex IntPattern();

    [GeneratedRegex(@"^[-+]?([0-9][0-9_]*)?\.[0-9_]*([eE][-+]?[0-9]+)?$|^[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+$")]
    private static partial Regex FloatPattern();
}
