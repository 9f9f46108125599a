namespace NbTools.Core.Formats.Light;

/// <summary>A cell's text in a light script before the blank lines that follow it.</summary>
/// <param name="Lines">The cell's lines (markers included).</param>
/// <param name="IsCode">Written as code (its end marker may be dropped before a <c># +</c> marker).</param>
/// <param name="LinesToNextCell">Blank lines after it that the cell's metadata asks for (jupytext's <c>lines_to_next_cell</c>), else null.</param>
/// <param name="LinesToEndMarker">Blank lines before its end marker that the metadata asks for, else null.</param>
/// <param name="KeepEndMarker">The end marker stays and nothing is inserted before it (NbTools' exact forms).</param>
internal sealed record LightCellText(List<string> Lines, bool IsCode, int? LinesToNextCell, int? LinesToEndMarker, bool KeepEndMarker);
