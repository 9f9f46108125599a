using NbTools.Core;
using NbTools.Core.Merging;
using Newtonsoft.Json.Linq;

namespace NbTools.Mergetool;

/// <summary>The page's decisions (<c>{"decisions":[{"choice":"local"},{"choice":"edit","text":"…"}]}</c>), one per conflict, checked against the conflicts.</summary>
internal static class Decisions
{
    /// <summary>The wire name of each choice, as the page sends it.</summary>
    public static string Name(ConflictChoice choice) => choice switch
    {
        ConflictChoice.Local => "local",
        ConflictChoice.Remote => "remote",
        ConflictChoice.Base => "base",
        ConflictChoice.LocalThenRemote => "local-then-remote",
        ConflictChoice.RemoteThenLocal => "remote-then-local",
        ConflictChoice.Edit => "edit",
        _ => "unresolved",
    };

    public static List<ConflictDecision> Parse(string body, IReadOnlyList<MergeConflict> conflicts)
    {
        var entries = (JObject.Parse(body)["decisions"] as JArray) ?? throw new FormatException("the body has no \"decisions\" list");
        if (entries.Count != conflicts.Count) throw new FormatException($"{entries.Count} decisions for {conflicts.Count} conflicts");
        var decisions = new List<ConflictDecision>();
        for (var i = 0; i < entries.Count; i++)
        {
            var name = entries[i]["choice"]?.ToString();
            var allowed = ConflictDecision.ChoicesFor(conflicts[i].Kind);
            var choice = allowed.Cast<ConflictChoice?>().FirstOrDefault(c => Name(c!.Value) == name)
                ?? throw new FormatException($"conflict {i + 1} ({conflicts[i].Kind}): '{name}' is not one of {string.Join(", ", allowed.Select(Name))}");
            var text = entries[i]["text"]?.Type == JTokenType.String ? (string?)entries[i]["text"] : null;
            if (choice == ConflictChoice.Edit && text is null) throw new FormatException($"conflict {i + 1}: 'edit' needs the edited text");
            if (choice == ConflictChoice.Edit && conflicts[i].Kind == "metadata")
            {
                try
                {
                    ConflictDecision.EditedValue(text, conflicts[i].Key ?? "");
                }
                catch (NbToolsException ex)
                {
                    throw new FormatException($"conflict {i + 1}: {ex.Message}");
                }
            }
            decisions.Add(new ConflictDecision(choice, text));
        }
        return decisions;
    }
}
