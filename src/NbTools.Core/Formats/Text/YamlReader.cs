using Newtonsoft.Json.Linq;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace NbTools.Core.Formats.Text;

/// <summary>
/// Reads a YAML header into JSON values from YamlDotNet's event stream, without recursion and with
/// a budget: YamlDotNet's representation model recurses per nesting level and expands aliases
/// without limit, so a header nested 50,000 deep or a 470-byte "billion laughs" would overflow the
/// stack or run for minutes. Here nesting deeper than <see cref="MaxDepth"/>, more than
/// <see cref="MaxNodes"/> values (aliases counted as the values they copy), an alias to an
/// unfinished anchor (a loop) and a key that is not a scalar are refused with a
/// <see cref="YamlHeaderException"/> naming the header line.
/// </summary>
internal static class YamlReader
{
    /// <summary>The deepest nesting of mappings and sequences a header may have.</summary>
    public const int MaxDepth = 100;

    /// <summary>The most values a header may hold, aliases expanded.</summary>
    public const int MaxNodes = 100_000;

    private sealed class Frame(JContainer container)
    {
        public JContainer Container { get; } = container;

        public string? Key { get; set; }

        public string? Anchor { get; init; }

        public int StartNodes { get; init; }
    }

    /// <summary>The first document's root value, or null for an empty stream.</summary>
    public static JToken? Read(string text, Func<string, JToken> resolvePlain)
    {
        var parser = new Parser(new StringReader(text));
        var stack = new Stack<Frame>();
        var anchors = new Dictionary<string, (JToken Value, int Nodes)>(StringComparer.Ordinal);
        var open = new HashSet<string>(StringComparer.Ordinal);
        var nodes = 0;
        JToken? root = null;
        try
        {
            while (parser.MoveNext())
            {
                var current = parser.Current!;
                var line = (int)current.Start.Line;
                switch (current)
                {
                    case DocumentEnd when root is not null:
                        return root;
                    case MappingStart or SequenceStart:
                        if (stack.Count >= MaxDepth) throw Refuse(line, $"nests deeper than {MaxDepth} levels");
                        var anchor = ((NodeEvent)current).Anchor;
                        var name = anchor.IsEmpty ? null : anchor.Value;
                        if (name is not null) open.Add(name);
                        nodes = Count(nodes, 1, line);
                        stack.Push(new Frame(current is MappingStart ? new JObject() : new JArray()) { Anchor = name, StartNodes = nodes });
                        break;
                    case MappingEnd or SequenceEnd:
                        var done = stack.Pop();
                        if (done.Anchor is { } finished)
                        {
                            open.Remove(finished);
                            anchors[finished] = (done.Container, nodes - done.StartNodes + 1);
                        }
                        root = Add(stack, done.Container, line) ?? root;
                        break;
                    case Scalar scalar:
                        nodes = Count(nodes, 1, line);
                        if (stack.TryPeek(out var top) && top.Container is JObject && top.Key is null)
                        {
                            top.Key = scalar.Value;
                            break;
                        }
                        JToken value = scalar.Style is ScalarStyle.Plain ? resolvePlain(scalar.Value) : new JValue(scalar.Value);
                        if (!scalar.Anchor.IsEmpty) anchors[scalar.Anchor.Value] = (value, 1);
                        root = Add(stack, value, line) ?? root;
                        break;
                    case AnchorAlias alias:
                        var target = alias.Value.Value;
                        if (open.Contains(target)) throw Refuse(line, $"has an alias *{target} inside its own anchor (a loop)");
                        if (!anchors.TryGetValue(target, out var anchored)) throw Refuse(line, $"uses an alias *{target} that no anchor defines");
                        nodes = Count(nodes, anchored.Nodes, line);
                        if (stack.TryPeek(out var owner) && owner.Container is JObject && owner.Key is null)
                        {
                            owner.Key = anchored.Value is JValue { Type: JTokenType.String or JTokenType.Integer or JTokenType.Float or JTokenType.Boolean } key
                                ? Convert.ToString(key.Value, System.Globalization.CultureInfo.InvariantCulture)
                                : throw Refuse(line, "has a key that is not a plain value");
                            break;
                        }
                        root = Add(stack, anchored.Value.DeepClone(), line) ?? root;
                        break;
                }
            }
        }
        catch (YamlException ex)
        {
            throw new YamlHeaderException($"the YAML header is not valid YAML: {ex.Message}", (int)ex.Start.Line);
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this on some unterminated flow collections.
            throw new YamlHeaderException("the YAML header is not valid YAML: a flow collection ([...] or {...}) is not closed", (int)parser.Current!.End.Line);
        }
        return root;
    }

    /// <summary>Adds a finished value to the open container; returns it when it is the root.</summary>
    private static JToken? Add(Stack<Frame> stack, JToken value, int line)
    {
        if (!stack.TryPeek(out var parent)) return value;
        if (parent.Container is JArray array)
        {
            array.Add(value);
            return null;
        }
        var obj = (JObject)parent.Container;
        if (parent.Key is null) throw Refuse(line, "has a key that is not a plain value (a mapping or list used as a key)");
        if (obj.ContainsKey(parent.Key)) throw Refuse(line, $"has the key \"{parent.Key}\" twice in one mapping");
        obj[parent.Key] = value;
        parent.Key = null;
        return null;
    }

    private static int Count(int nodes, int more, int line)
    {
        var total = (long)nodes + more;
        if (total > MaxNodes) throw Refuse(line, $"holds more than {MaxNodes:N0} values (aliases expanded); NbTools refuses it as a YAML bomb");
        return (int)total;
    }

    private static YamlHeaderException Refuse(int line, string what) => new($"the YAML header {what}", line);
}
