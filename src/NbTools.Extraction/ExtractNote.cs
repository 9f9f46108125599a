namespace NbTools.Extraction;

/// <summary>What extraction did with one cell (or one line of it).</summary>
public enum ExtractNoteKind
{
    /// <summary>The cell's code went into the output.</summary>
    Taken,

    /// <summary>The cell was left out.</summary>
    Skipped,

    /// <summary>Part of the cell was changed or removed on the way.</summary>
    Rewritten,

    /// <summary>Something the author should look at.</summary>
    Warning,
}

/// <summary>One line of the extraction report.</summary>
/// <param name="Notebook">The notebook, as given.</param>
/// <param name="Cell">1-based cell number (all cells counted, as Jupyter shows them); null for the notebook as a whole.</param>
/// <param name="Line">1-based line in the cell, when the note is about one line.</param>
/// <param name="Kind">Taken, skipped, rewritten or a warning.</param>
/// <param name="Message">What and why.</param>
public sealed record ExtractNote(string Notebook, int? Cell, int? Line, ExtractNoteKind Kind, string Message)
{
    /// <summary>The note as one report line: <c>NB cell 3, line 2: rewritten: …</c>.</summary>
    public override string ToString()
    {
        var where = Cell is null ? Notebook : Line is null ? $"{Notebook} cell {Cell}" : $"{Notebook} cell {Cell}, line {Line}";
        return $"{where}: {Kind.ToString().ToLowerInvariant()}: {Message}";
    }
}
