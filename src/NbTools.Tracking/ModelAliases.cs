using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NbTools.Tracking;

/// <summary>
/// Moving a model's alias (e.g. <c>production</c>) with a history, so that it can be rolled back.
/// MLflow keeps no alias history, so the history is a registered-model tag,
/// <c>nbtools.alias_history.&lt;alias&gt;</c> = a JSON list of the versions the alias pointed at, oldest
/// first, the current one last – set with MLflow's own tag call, so MLflow's clients and UI show it too.
/// An alias moved by another client is taken into account: its current version counts as the newest entry.
/// </summary>
public static class ModelAliases
{
    /// <summary>The tag that keeps an alias's history is this prefix + the alias.</summary>
    public const string HistoryTagPrefix = "nbtools.alias_history.";

    /// <summary>At most this many versions are kept in a history (the oldest are dropped; MLflow 2.22 keeps 5000 characters per registry tag).</summary>
    public const int MaxHistory = 200;

    /// <summary>The tag key of an alias's history.</summary>
    public static string HistoryTag(string alias) => HistoryTagPrefix + alias;

    /// <summary>Points <paramref name="alias"/> at <paramref name="version"/> and records the move; nothing is written when it already points there.</summary>
    public static AliasMove Promote(IModelStore store, string name, int version, string alias)
    {
        RegistryRules.CheckAlias(alias);
        var model = Model(store, name);
        if (!store.Versions(name).Any(v => v.Version == version))
        {
            throw new TrackingException($"{store.Location}: model '{name}' has no version {version}{Known(store, name)}");
        }
        int? current = model.Aliases.TryGetValue(alias, out var c) ? c : null;
        var history = History(model, alias, current);
        if (current == version) return new AliasMove(name, alias, current, version, history);
        history.Add(version);
        // The alias first, then its history: if we stop in between, the history lacks the new version,
        // and History() adds the alias's current version back – a later rollback still does the right thing.
        store.SetAlias(name, alias, version);
        store.SetModelTag(name, HistoryTag(alias), Format(history));
        return new AliasMove(name, alias, current, version, history);
    }

    /// <summary>Moves <paramref name="alias"/> back to the version it pointed at before its last move.</summary>
    public static AliasMove Rollback(IModelStore store, string name, string alias)
    {
        RegistryRules.CheckAlias(alias);
        var model = Model(store, name);
        if (!model.Aliases.TryGetValue(alias, out var current)) throw new TrackingException($"{store.Location}: model '{name}' has no alias '{alias}'");
        var history = History(model, alias, current);
        if (history.Count < 2)
        {
            var recorded = RecordedHistory(model, alias);
            var what = recorded.Count == 0 ? $"tag {HistoryTag(alias)} is not set: 'nbtools models promote' keeps it" : $"tag {HistoryTag(alias)} records only [{string.Join(", ", recorded)}]";
            throw new TrackingException($"{store.Location}: alias '{alias}' of model '{name}' (version {current}) has no earlier version to roll back to ({what})");
        }
        history.RemoveAt(history.Count - 1);
        var previous = history[^1];
        if (!store.Versions(name).Any(v => v.Version == previous))
        {
            throw new TrackingException($"{store.Location}: alias '{alias}' of model '{name}' pointed at version {previous} before, which no longer exists; promote a version instead");
        }
        // The history first, then the alias: if we stop in between, running the rollback again moves the alias to the same version.
        store.SetModelTag(name, HistoryTag(alias), Format(history));
        store.SetAlias(name, alias, previous);
        return new AliasMove(name, alias, current, previous, history);
    }

    /// <summary>The versions an alias pointed at, oldest first, as its history tag records them (empty when there is none).</summary>
    public static IReadOnlyList<int> RecordedHistory(RegisteredModelInfo model, string alias)
    {
        if (!model.Tags.TryGetValue(HistoryTag(alias), out var text) || string.IsNullOrWhiteSpace(text)) return [];
        var bad = new TrackingException($"model '{model.Name}': tag {HistoryTag(alias)} is '{text}', not a JSON list of version numbers; fix or delete the tag");
        try
        {
            if (JsonNode.Parse(text) is not JsonArray array) throw bad;
            return array.Select(item => item switch
            {
                JsonValue v when v.TryGetValue<int>(out var number) => number,
                JsonValue v when v.TryGetValue<string>(out var s) && int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var number) => number, // MLflow spells versions as strings
                _ => throw bad,
            }).ToList();
        }
        catch (JsonException)
        {
            throw bad;
        }
    }

    private static RegisteredModelInfo Model(IModelStore store, string name) =>
        store.GetModel(name) ?? throw new TrackingException($"{store.Location}: no registered model named '{name}'");

    private static string Known(IModelStore store, string name)
    {
        var versions = store.Versions(name).Select(v => v.Version.ToString(CultureInfo.InvariantCulture)).ToList();
        return versions.Count == 0 ? " (it has none)" : $" (it has {string.Join(", ", versions)})";
    }

    /// <summary>The recorded history, with the alias's current version as the newest entry when another client moved it.</summary>
    private static List<int> History(RegisteredModelInfo model, string alias, int? current)
    {
        var history = RecordedHistory(model, alias).ToList();
        if (current is { } now && (history.Count == 0 || history[^1] != now)) history.Add(now);
        return history;
    }

    private static string Format(List<int> history) =>
        "[" + string.Join(", ", history.Skip(Math.Max(0, history.Count - MaxHistory)).Select(v => v.ToString(CultureInfo.InvariantCulture))) + "]";
}
