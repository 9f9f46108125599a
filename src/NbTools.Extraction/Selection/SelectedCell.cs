namespace NbTools.Extraction.Selection;

/// <summary>A C# cell extraction takes: its 1-based number among all cells, its text and its role.</summary>
internal sealed record SelectedCell(int Number, string Source, CellRole Role);
