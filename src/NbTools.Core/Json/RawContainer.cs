namespace NbTools.Core.Json;

/// <summary>
/// The layout of one JSON object or array as it stands in the original bytes: where it starts and
/// ends and where each member's key and value are. Everything between these spans (white space,
/// commas) is read back from the bytes when the container is written again.
/// </summary>
internal sealed class RawContainer
{
    public RawContainer(bool isObject, int start, int end, RawItem[] items)
    {
        IsObject = isObject;
        Start = start;
        End = end;
        Items = items;
    }

    public bool IsObject { get; }

    /// <summary>Offset of the opening bracket.</summary>
    public int Start { get; }

    /// <summary>Offset just past the closing bracket.</summary>
    public int End { get; }

    public RawItem[] Items { get; }

    public int IndexOf(string name)
    {
        for (var i = 0; i < Items.Length; i++)
        {
            if (Items[i].Name == name) return i;
        }
        return -1;
    }

    public int IndexOfLast(string name)
    {
        for (var i = Items.Length - 1; i >= 0; i--)
        {
            if (Items[i].Name == name) return i;
        }
        return -1;
    }

    /// <summary>
    /// The members that hold their key's value: with duplicate keys the last one wins (as in
    /// every JSON parser NbTools knows), and earlier duplicates are dropped when the object changes.
    /// </summary>
    public IEnumerable<(int Index, RawItem Item)> EffectiveMembers()
    {
        for (var i = 0; i < Items.Length; i++)
        {
            if (IndexOfLast(Items[i].Name!) == i) yield return (i, Items[i]);
        }
    }

    /// <summary>True when the member names are in ordinal order, as nbformat (sort_keys) writes them.</summary>
    public bool HasSortedKeys()
    {
        for (var i = 1; i < Items.Length; i++)
        {
            if (string.CompareOrdinal(Items[i - 1].Name, Items[i].Name) > 0) return false;
        }
        return true;
    }
}

/// <summary>One member (object) or element (array) of a <see cref="RawContainer"/>.</summary>
/// <param name="Name">Member name; null for array elements.</param>
/// <param name="Start">Offset of the key's opening quote (objects) or of the value (arrays).</param>
/// <param name="ValueStart">Offset of the value's first byte.</param>
/// <param name="ValueEnd">Offset just past the value.</param>
/// <param name="Kind">The value's JSON token kind.</param>
internal readonly record struct RawItem(string? Name, int Start, int ValueStart, int ValueEnd, RawKind Kind)
{
    public RawSpan Value => new(ValueStart, ValueEnd, Kind);
}

/// <summary>A value's byte range in a document.</summary>
internal readonly record struct RawSpan(int Start, int End, RawKind Kind)
{
    public int Length => End - Start;
}

/// <summary>JSON value kinds, as far as the splicing writer cares.</summary>
internal enum RawKind
{
    Object,
    Array,
    String,
    Number,
    True,
    False,
    Null,
}
