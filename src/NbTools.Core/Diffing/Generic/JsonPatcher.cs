using Newtonsoft.Json.Linq;

namespace NbTools.Core.Diffing.Generic;

/// <summary>Applies a diff (ours or nbdime's) to a JSON value, giving the new value.</summary>
public static class JsonPatcher
{
    public static JToken Apply(JToken value, IReadOnlyList<DiffOp> ops)
    {
        switch (value)
        {
            case JObject obj:
                var result = (JObject)obj.DeepClone();
                foreach (var op in ops)
                {
                    var key = (string)op.Key!;
                    switch (op.Op)
                    {
                        case "add" or "replace": result[key] = op.Value!.DeepClone(); break;
                        case "remove": result.Remove(key); break;
                        case "patch": result[key] = Apply(obj[key]!, op.Diff!); break;
                        default: throw new NbToolsException($"diff: \"{op.Op}\" cannot apply to an object");
                    }
                }
                return result;
            case JArray array:
                return new JArray(ApplyList(array.ToList(), ops, (item, diff) => Apply(item, diff), v => v));
            case JValue { Type: JTokenType.String } text:
                // A string is patched as its lines (each line, if patched, as its characters).
                var lines = ApplyList(JsonDiffer.Lines((string)text!).Cast<object>().ToList(), ops,
                    (line, diff) => string.Concat(ApplyList(((string)line).Select(c => (object)c.ToString()).ToList(), diff, (_, _) => throw new NbToolsException("diff: cannot patch a character"), v => (object)(string)v!)),
                    v => (object)(string)v!);
                return new JValue(string.Concat(lines));
            default:
                throw new NbToolsException($"diff: cannot patch a {value.Type}");
        }
    }

    private static List<T> ApplyList<T>(List<T> items, IReadOnlyList<DiffOp> ops, Func<T, IReadOnlyList<DiffOp>, T> patch, Func<JToken, T> fromJson)
    {
        var byKey = ops.GroupBy(o => (int)o.Key!).ToDictionary(g => g.Key, g => g.ToList());
        var result = new List<T>(items.Count);
        var skip = 0;
        for (var i = 0; i <= items.Count; i++)
        {
            if (byKey.TryGetValue(i, out var here))
            {
                foreach (var op in here.Where(o => o.Op == "addrange")) result.AddRange(op.ValueList!.Select(fromJson));
                foreach (var op in here.Where(o => o.Op == "removerange")) skip = Math.Max(skip, op.Length!.Value);
            }
            if (i == items.Count) break;
            if (skip > 0)
            {
                skip--;
                continue;
            }
            var item = items[i];
            if (here is not null)
            {
                foreach (var op in here)
                {
                    if (op.Op == "patch") item = patch(item, op.Diff!);
                    else if (op.Op == "replace") item = fromJson(op.Value!);
                }
            }
            result.Add(item);
        }
        return result;
    }
}
