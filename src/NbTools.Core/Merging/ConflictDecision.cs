using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace NbTools.Core.Merging;

/// <summary>How one conflict of a merge is resolved (what <c>nbtools mergetool</c> sends per conflict).</summary>
public enum ConflictChoice
{
    /// <summary>Leave it as the inline merge does: markers in the source, the conflict recorded.</summary>
    Unresolved,

    /// <summary>Take the local side.</summary>
    Local,

    /// <summary>Take the remote side.</summary>
    Remote,

    /// <summary>Take the base (for a cell one side deleted: the cell as it was in the base).</summary>
    Base,

    /// <summary>Take both, local first (sources: both texts without markers; inserted cells: local's then remote's).</summary>
    LocalThenRemote,

    /// <summary>Take both, remote first.</summary>
    RemoteThenLocal,

    /// <summary>Use <see cref="ConflictDecision.EditedSource"/> as the cell's source (for a metadata value: the value, as JSON).</summary>
    Edit,
}

/// <summary>
/// The resolution of one conflict, given in the order an inline merge of the same notebooks lists
/// its conflicts (<see cref="MergeResult.Conflicts"/>): that order does not depend on how earlier
/// conflicts are resolved, so a merge re-run with <see cref="MergeOptions.Decisions"/> applies each
/// decision to its conflict.
/// </summary>
/// <param name="Choice">What to take.</param>
/// <param name="EditedSource">The source to use, for <see cref="ConflictChoice.Edit"/>.</param>
public sealed record ConflictDecision(ConflictChoice Choice, string? EditedSource = null)
{
    /// <summary>Which choices apply to a conflict of <paramref name="kind"/> (<see cref="MergeConflict.Kind"/>).</summary>
    public static IReadOnlyList<ConflictChoice> ChoicesFor(string kind) => kind switch
    {
        "source" => [ConflictChoice.Local, ConflictChoice.Remote, ConflictChoice.LocalThenRemote, ConflictChoice.RemoteThenLocal, ConflictChoice.Base, ConflictChoice.Edit],
        "insert-insert" => [ConflictChoice.Local, ConflictChoice.Remote, ConflictChoice.LocalThenRemote, ConflictChoice.RemoteThenLocal, ConflictChoice.Base],
        "delete-modify" or "modify-delete" or "metadata" => [ConflictChoice.Local, ConflictChoice.Remote, ConflictChoice.Base, ConflictChoice.Edit],
        _ => [ConflictChoice.Local, ConflictChoice.Remote, ConflictChoice.Base],
    };

    /// <summary>
    /// An edited metadata value: <paramref name="json"/> read as JSON (any value), or nothing – the key
    /// left out – when it is empty. Anything else is an error naming the key.
    /// </summary>
    public static JToken? EditedValue(string? json, string key)
    {
        if (string.IsNullOrWhiteSpace(json)) return null;
        try
        {
            using var reader = new JsonTextReader(new StringReader(json)) { DateParseHandling = DateParseHandling.None, FloatParseHandling = FloatParseHandling.Double };
            var value = JToken.ReadFrom(reader);
            if (reader.Read()) throw new JsonReaderException("text after the value");
            return value;
        }
        catch (JsonReaderException ex)
        {
            throw new NbToolsException($"metadata '{key}': the edited value is not JSON ({ex.Message})");
        }
    }
}
