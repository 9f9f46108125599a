using System.Numerics;
using System.Globalization;
using System.Text;
using Newtonsoft.Json.Linq;

namespace NbTools.Core.Json;

/// <summary>
/// Writes a JSON document by splicing: every value that is unchanged is copied from the original
/// bytes, white space and commas between kept members are copied too, and only what changed is
/// formatted, in the file's own <see cref="JsonStyle"/>. This is what makes an untouched value
/// byte-identical however it was spelled (escapes, number spelling, indentation).
/// </summary>
internal sealed class JsonSplicer
{
    private readonly JsonSource? source;

    public JsonSplicer(JsonSource? source, JsonFormatter formatter)
    {
        this.source = source;
        Formatter = formatter;
    }

    public JsonFormatter Formatter { get; }

    private Utf8Sink Sink => Formatter.Sink;

    private JsonSource Source => source ?? throw new InvalidOperationException("no original document to copy from");

    /// <summary>True when bytes of <paramref name="other"/> can be copied into this document.</summary>
    public bool CopiesFrom(JsonSource? other) => other is not null && ReferenceEquals(other, source);

    public void Copy(RawSpan span) => Source.CopyTo(Sink, span.Start, span.End);

    public void Copy(int start, int end) => Source.CopyTo(Sink, start, end);

    public RawContainer ReadContainer(RawSpan span) => Source.ReadContainer(span);

    /// <summary>Writes <paramref name="current"/>, reusing the bytes of <paramref name="original"/> wherever they hold the same value.</summary>
    public void WriteValue(JToken current, RawSpan? original, int depth)
    {
        if (original is not { } span || source is null)
        {
            Formatter.WriteToken(current, depth);
            return;
        }
        switch (current)
        {
            case JObject obj when span.Kind == RawKind.Object:
                WriteObject(obj, ReadContainer(span), depth);
                break;
            case JArray array when span.Kind == RawKind.Array:
                WriteArray(array, ReadContainer(span), depth);
                break;
            case JValue value when span.Kind is not (RawKind.Object or RawKind.Array):
                if (ScalarEquals(value, span)) Copy(span);
                else Formatter.WriteScalar(value);
                break;
            default:
                Formatter.WriteToken(current, depth);
                break;
        }
    }

    private void WriteObject(JObject obj, RawContainer raw, int depth)
    {
        var plan = new List<SpliceItem>(raw.Items.Length + 4);
        foreach (var (i, item) in raw.EffectiveMembers())
        {
            if (obj.Property(item.Name!, StringComparison.Ordinal) is not { } property) continue;
            var value = property.Value;
            plan.Add(new SpliceItem(item.Name, i, d => WriteValue(value, item.Value, d)));
        }
        foreach (var property in obj.Properties())
        {
            if (raw.IndexOf(property.Name) >= 0) continue;
            var value = property.Value;
            InsertMember(plan, raw, new SpliceItem(property.Name, -1, d => Formatter.WriteToken(value, d)));
        }
        WriteContainer(raw, isObject: true, plan, depth);
    }

    /// <summary>Adds a new member: in sorted position when the object's keys are sorted, else last.</summary>
    public static void InsertMember(List<SpliceItem> plan, RawContainer? raw, SpliceItem member, bool sortWhenNew = true)
    {
        var sorted = raw is null ? sortWhenNew : raw.HasSortedKeys();
        if (sorted)
        {
            var at = plan.FindIndex(p => string.CompareOrdinal(p.Name, member.Name) > 0);
            if (at >= 0)
            {
                plan.Insert(at, member);
                return;
            }
        }
        plan.Add(member);
    }

    private void WriteArray(JArray array, RawContainer raw, int depth)
    {
        var plan = new List<SpliceItem>(array.Count);
        var n = raw.Items.Length;
        if (array.Count == n)
        {
            for (var i = 0; i < n; i++)
            {
                var element = array[i];
                var span = raw.Items[i].Value;
                plan.Add(new SpliceItem(null, i, d => WriteValue(element, span, d)));
            }
        }
        else
        {
            var prefix = 0;
            while (prefix < Math.Min(array.Count, n) && ValueEquals(array[prefix], raw.Items[prefix].Value)) prefix++;
            var suffix = 0;
            while (suffix < Math.Min(array.Count, n) - prefix
                   && ValueEquals(array[array.Count - 1 - suffix], raw.Items[n - 1 - suffix].Value)) suffix++;
            for (var i = 0; i < array.Count; i++)
            {
                var element = array[i];
                if (i < prefix)
                {
                    var span = raw.Items[i].Value;
                    plan.Add(new SpliceItem(null, i, _ => Copy(span)));
                }
                else if (i >= array.Count - suffix)
                {
                    var o = n - (array.Count - i);
                    var span = raw.Items[o].Value;
                    plan.Add(new SpliceItem(null, o, _ => Copy(span)));
                }
                else
                {
                    plan.Add(new SpliceItem(null, -1, d => Formatter.WriteToken(element, d)));
                }
            }
        }
        WriteContainer(raw, isObject: false, plan, depth);
    }

    /// <summary>
    /// Writes an object or array from a plan. Items kept in their original neighbourhood keep
    /// the exact bytes between them; others take the container's own separators.
    /// </summary>
    public void WriteContainer(RawContainer? raw, bool isObject, IReadOnlyList<SpliceItem> plan, int depth)
    {
        Sink.Write(isObject ? (byte)'{' : (byte)'[');
        var hasRaw = raw is { Items.Length: > 0 } && source is not null;
        if (plan.Count == 0)
        {
            if (raw is { Items.Length: 0 } && source is not null) Copy(raw.Start + 1, raw.End - 1);
            Sink.Write(isObject ? (byte)'}' : (byte)']');
            return;
        }
        var previous = -2;
        for (var p = 0; p < plan.Count; p++)
        {
            var item = plan[p];
            var o = item.OriginalIndex;
            if (hasRaw)
            {
                var items = raw!.Items;
                if (p == 0) Copy(raw.Start + 1, items[0].Start);
                else if (o > 0 && previous == o - 1) Copy(items[o - 1].ValueEnd, items[o].Start);
                else if (items.Length >= 2) Copy(items[0].ValueEnd, items[1].Start);
                else
                {
                    Sink.WriteText(Formatter.Style.Indent is null ? Formatter.Style.InlineItemSeparator : ",");
                    Copy(raw.Start + 1, items[0].Start);
                }
            }
            else
            {
                Formatter.ItemGap(p, depth);
            }

            if (isObject)
            {
                if (o >= 0 && hasRaw) Copy(raw!.Items[o].Start, raw.Items[o].ValueStart);
                else Formatter.KeyAndSeparator(item.Name!);
            }
            item.WriteValue(depth + 1);
            previous = o;
        }
        if (hasRaw) Copy(raw!.Items[^1].ValueEnd, raw.End - 1);
        else Formatter.NewLine(depth);
        Sink.Write(isObject ? (byte)'}' : (byte)']');
    }

    /// <summary>True when a token holds the same JSON value as the original bytes.</summary>
    public bool ValueEquals(JToken token, RawSpan span)
    {
        if (token is JValue value && span.Kind is not (RawKind.Object or RawKind.Array)) return ScalarEquals(value, span);
        if (token is JObject && span.Kind != RawKind.Object) return false;
        if (token is JArray && span.Kind != RawKind.Array) return false;
        return JToken.DeepEquals(token, Source.ParseToken(span));
    }

    private bool ScalarEquals(JValue value, RawSpan span)
    {
        switch (span.Kind)
        {
            case RawKind.Null:
                return value.Type == JTokenType.Null;
            case RawKind.True:
                return value.Type == JTokenType.Boolean && (bool)value.Value!;
            case RawKind.False:
                return value.Type == JTokenType.Boolean && !(bool)value.Value!;
            case RawKind.String:
                return value.Type == JTokenType.String && (string)value.Value! == Source.DecodeString(span);
            case RawKind.Number:
                var text = Encoding.ASCII.GetString(Source.Slice(span));
                var isFloatText = text.AsSpan().IndexOfAny(".eE") >= 0;
                if (value.Type == JTokenType.Integer && !isFloatText)
                {
                    return BigInteger.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var big)
                        && big == value.Value switch { BigInteger b => b, var v => new BigInteger(Convert.ToInt64(v, CultureInfo.InvariantCulture)) };
                }
                if (value.Type == JTokenType.Float && isFloatText)
                {
                    return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
                        && d.Equals(Convert.ToDouble(value.Value, CultureInfo.InvariantCulture));
                }
                return false;
            default:
                return false;
        }
    }
}

/// <summary>One member or element to write: its name (objects), its index in the original container or -1, and how to write its value at a depth.</summary>
internal readonly record struct SpliceItem(string? Name, int OriginalIndex, Action<int> WriteValue);
