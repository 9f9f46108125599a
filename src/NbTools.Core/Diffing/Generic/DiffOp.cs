using Newtonsoft.Json.Linq;

namespace NbTools.Core.Diffing.Generic;

/// <summary>
/// One operation of a JSON diff, in nbdime's format so tools that read nbdime diffs read ours:
/// on objects <c>add</c>/<c>remove</c>/<c>replace</c>/<c>patch</c> by key; on lists (and on
/// strings, as lists of lines) <c>addrange</c> (insert before index), <c>removerange</c> and
/// <c>patch</c> by index in the old value.
/// </summary>
public sealed record DiffOp(string Op, JToken Key, JToken? Value = null, JArray? ValueList = null, int? Length = null, IReadOnlyList<DiffOp>? Diff = null)
{
    public static DiffOp Add(string key, JToken value) => new("add", key, Value: value);

    public static DiffOp Remove(string key) => new("remove", key);

    public static DiffOp Replace(JToken key, JToken value) => new("replace", key, Value: value);

    public static DiffOp Patch(JToken key, IReadOnlyList<DiffOp> diff) => new("patch", key, Diff: diff);

    public static DiffOp AddRange(int key, JArray values) => new("addrange", key, ValueList: values);

    public static DiffOp RemoveRange(int key, int length) => new("removerange", key, Length: length);

    /// <summary>The op as nbdime writes it.</summary>
    public JObject ToJson()
    {
        var json = new JObject { ["op"] = Op, ["key"] = Key.DeepClone() };
        if (Value is not null) json["value"] = Value.DeepClone();
        if (ValueList is not null) json["valuelist"] = ValueList.DeepClone();
        if (Length is not null) json["length"] = Length;
        if (Diff is not null) json["diff"] = new JArray(Diff.Select(d => d.ToJson()));
        return json;
    }

    /// <summary>Reads an op from nbdime's JSON.</summary>
    public static DiffOp FromJson(JObject json) => new(
        (string)json["op"]!,
        json["key"]!,
        json["value"],
        json["valuelist"] switch
        {
            JArray list => list,
            JValue { Type: JTokenType.String } chars => new JArray(((string)chars!).Select(c => (object)c.ToString()).ToArray()), // nbdime's character patches
            _ => null,
        },
        (int?)json["length"],
        (json["diff"] as JArray)?.OfType<JObject>().Select(FromJson).ToList());
}
