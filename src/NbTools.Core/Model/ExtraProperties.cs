using NbTools.Core.Json;
using Newtonsoft.Json.Linq;

namespace NbTools.Core.Model;

/// <summary>
/// Keys of a notebook or cell that the nbformat model does not name. They are kept verbatim, in
/// their original order, and written back byte for byte unless changed.
/// </summary>
public sealed class ExtraProperties
{
    private readonly List<KeyValuePair<string, LazyToken>> entries = [];

    /// <summary>The names, in file order.</summary>
    public IReadOnlyList<string> Names => entries.Select(e => e.Key).ToList();

    /// <summary>Number of extra properties.</summary>
    public int Count => entries.Count;

    /// <summary>Gets a value (parsing it on first access), or null when absent; setting null removes it.</summary>
    public JToken? this[string name]
    {
        get => Find(name) is { } token ? token.Value : null;
        set
        {
            var index = entries.FindIndex(e => e.Key == name);
            if (value is null)
            {
                if (index >= 0) entries.RemoveAt(index);
            }
            else if (index >= 0)
            {
                entries[index].Value.Value = value;
            }
            else
            {
                entries.Add(new(name, new LazyToken(value)));
            }
        }
    }

    internal void AddOriginal(string name, LazyToken token) => entries.Add(new(name, token));

    internal LazyToken? Find(string name)
    {
        foreach (var e in entries)
        {
            if (e.Key == name) return e.Value;
        }
        return null;
    }

    internal IEnumerable<KeyValuePair<string, LazyToken>> Entries => entries;

    /// <summary>True when every entry is still the untouched original (same names, never parsed).</summary>
    internal bool IsPristine(int originalCount) =>
        entries.Count == originalCount && entries.TrueForAll(e => e.Value.Original is not null && !e.Value.IsMaterialized);
}
