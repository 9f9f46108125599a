using NbTools.Core.Model;
using Newtonsoft.Json.Linq;

namespace NbTools.Core.Formats.Light;

/// <summary>One cell as read from a light script, and the index of the line where the next one starts.</summary>
/// <param name="CellType">code, markdown or raw.</param>
/// <param name="Source">The cell source (a language magic line restored).</param>
/// <param name="Metadata">The cell metadata the text holds.</param>
/// <param name="Next">Index of the first line of the next cell.</param>
internal sealed record LightCell(string CellType, string Source, JObject Metadata, int Next)
{
    public Cell ToCell() => new(CellType, Source) { Metadata = Metadata };
}
