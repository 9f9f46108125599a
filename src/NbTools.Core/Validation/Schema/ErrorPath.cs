using System.Text;

namespace NbTools.Core.Validation.Schema;

/// <summary>
/// The path of the value being checked, kept as a stack while the validator walks and turned into
/// text only when an error is reported. Two spellings meet in one path, as in the JSON-schema
/// validators NbTools' messages follow: a member reached through the schema's <c>properties</c>
/// is joined with a dot as it is (<c>cells[0].metadata</c>); where checking restarts at a value
/// (a <c>oneOf</c> branch, a pattern or additional property) the value's own JSON path is used,
/// with names that need it quoted (<c>data['text/plain']</c>).
/// </summary>
internal sealed class ErrorPath
{
    private static readonly char[] Special = ['.', ' ', '\'', '/', '"', '[', ']', '(', ')', '\t', '\n', '\r', '\f', '\b', '\\', '\u0085', '\u2028', '\u2029'];

    // Where the value stands in the document: a member name or an array index per level.
    private readonly List<(string? Name, int Index)> location = [];

    // How the reported path was built: restart at a location depth, then dotted names and indexes.
    private readonly List<(Step Step, string? Name, int Value)> steps = [(Step.Restart, null, 0)];

    private enum Step
    {
        Restart,
        Dot,
        Index,
    }

    public void EnterMember(string name, bool dotted)
    {
        location.Add((name, -1));
        steps.Add(dotted ? (Step.Dot, name, 0) : (Step.Restart, null, location.Count));
    }

    public void EnterItem(int index)
    {
        location.Add((null, index));
        steps.Add((Step.Index, null, index));
    }

    /// <summary>Leaves the member or item entered last.</summary>
    public void Leave()
    {
        location.RemoveAt(location.Count - 1);
        steps.RemoveAt(steps.Count - 1);
    }

    /// <summary>Restarts the reported path at the current value's own JSON path (a oneOf branch).</summary>
    public void Restart() => steps.Add((Step.Restart, null, location.Count));

    public void EndRestart() => steps.RemoveAt(steps.Count - 1);

    /// <summary>The path of the current value; with <paramref name="member"/>, of that member of it.</summary>
    public string Render(string? member = null)
    {
        var start = steps.FindLastIndex(s => s.Step == Step.Restart);
        var path = Location(steps[start].Value);
        for (var i = start + 1; i < steps.Count; i++) path = Append(path, steps[i].Step, steps[i].Name, steps[i].Value);
        return member is null ? path : Append(path, Step.Dot, member, 0);
    }

    private static string Append(string path, Step step, string? name, int index) => step == Step.Index
        ? path + "[" + index + "]"
        : path.Length > 0 ? path + "." + name : name!;

    private string Location(int depth)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < depth; i++)
        {
            var (name, index) = location[i];
            if (name is null)
            {
                builder.Append('[').Append(index).Append(']');
            }
            else if (name.IndexOfAny(Special) >= 0)
            {
                builder.Append("['");
                AppendQuoted(builder, name);
                builder.Append("']");
            }
            else
            {
                if (builder.Length > 0) builder.Append('.');
                builder.Append(name);
            }
        }
        return builder.ToString();
    }

    private static void AppendQuoted(StringBuilder builder, string name)
    {
        foreach (var c in name)
        {
            switch (c)
            {
                case '\'': builder.Append("\\'"); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '\f': builder.Append("\\f"); break;
                case '\b': builder.Append("\\b"); break;
                case < ' ' or '\u0085' or '\u2028' or '\u2029': builder.Append("\\u").Append(((int)c).ToString("x4")); break;
                default: builder.Append(c); break;
            }
        }
    }
}
