namespace NbTools.Extraction.Selection;

/// <summary>What a taken cell becomes.</summary>
internal enum CellRole
{
    /// <summary>Code: types, members and statements of <c>Run</c>.</summary>
    Code,

    /// <summary>The parameters cell: the <c>Parameters</c> record.</summary>
    Parameters,

    /// <summary>A <c>//| test</c> cell: one test.</summary>
    Test,
}
