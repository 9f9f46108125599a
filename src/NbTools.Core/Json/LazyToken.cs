using Newtonsoft.Json.Linq;

namespace NbTools.Core.Json;

/// <summary>
/// A JSON value that stays as bytes in the original file until someone looks at it. Outputs and
/// metadata are most of a notebook's size and most commands never touch them, so they are only
/// parsed on first access, and written back by copying their bytes when they were never accessed.
/// </summary>
internal sealed class LazyToken
{
    private readonly JsonSource? source;
    private JToken? value;
    private JToken? peeked;

    public LazyToken(JsonSource source, RawSpan span)
    {
        this.source = source;
        Original = span;
    }

    public LazyToken(JToken value) => this.value = value;

    /// <summary>Where the value stood in the file it was read from; null for a new value.</summary>
    public RawSpan? Original { get; }

    /// <summary>True while the value is still its original bytes (not changed, and not a new value).</summary>
    private bool IsUntouched => value is null && Original is not null && source is not null;

    /// <summary>True when this value was read from <paramref name="other"/>.</summary>
    public bool IsFrom(JsonSource? other) => source is not null && ReferenceEquals(source, other);

    /// <summary>False while the value is still only the original bytes.</summary>
    public bool IsMaterialized => value is not null;

    public JToken Value
    {
        get => value ??= Peek();
        set => this.value = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>
    /// The value for reading only: parsed (once) but not marked as possibly changed, so a notebook
    /// that was only read – rendered as text, say – is still written back by copying its bytes.
    /// </summary>
    public JToken Peek() => value ?? (peeked ??= Parse());

    /// <summary>
    /// The layout of the original object while the value is untouched and not yet parsed, else
    /// null: a reader that wants a few members (a text format shows a few keys of each cell's
    /// metadata and hides execution times, Colab state…) parses just those with
    /// <see cref="ParseMember"/>, not the whole tree.
    /// </summary>
    public RawContainer? UnparsedObject =>
        value is null && peeked is null && source is not null && Original is { Kind: RawKind.Object } span
            ? span.Length == 2 ? EmptyObject : source.ReadContainer(span)
            : null;

    /// <summary>The value of a member of <see cref="UnparsedObject"/>, parsed from the original bytes.</summary>
    public JToken ParseMember(RawItem member) => source!.ParseToken(member.Value);

    private static readonly RawContainer EmptyObject = new(isObject: true, 0, 2, []);

    /// <summary>
    /// A copy of the value that shares nothing with it. An untouched value is parsed afresh from its
    /// bytes and the parse is not kept here: a diff or merge that copies another file's outputs does
    /// not also hold a parsed tree of each in the notebook it copied from.
    /// </summary>
    public JToken Copy() => value?.DeepClone() ?? peeked?.DeepClone() ?? Parse();

    /// <summary>True when both are untouched values with the same bytes, so equal without parsing either.</summary>
    public static bool SameBytes(LazyToken a, LazyToken b) =>
        a.IsUntouched && b.IsUntouched && JsonSource.SameBytes(a.source!, a.Original!.Value, b.source!, b.Original!.Value);

    /// <summary>Equal values: by bytes when both are untouched, else parsed and compared (without counting as a change).</summary>
    public static bool SameValue(LazyToken a, LazyToken b) => SameBytes(a, b) || JToken.DeepEquals(a.Peek(), b.Peek());

    private JToken Parse() => Original!.Value is { Kind: RawKind.Object, Length: 2 } ? new JObject() : source!.ParseToken(Original!.Value);

    /// <summary>Writes the value: the original bytes if untouched, otherwise spliced against them.</summary>
    public void WriteTo(JsonSplicer splicer, int depth)
    {
        if (!splicer.CopiesFrom(source))
        {
            // A value read from another file: format it, its bytes are not in this document.
            splicer.Formatter.WriteToken(Value, depth);
        }
        else if (value is null)
        {
            splicer.Copy(Original!.Value);
        }
        else
        {
            splicer.WriteValue(value, Original, depth);
        }
    }
}
