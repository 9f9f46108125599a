namespace NbTools.Extraction;

/// <summary>What <see cref="NotebookExtractor"/> generates.</summary>
public enum ExtractTarget
{
    /// <summary>A class library (<c>NAME.csproj</c>, net10.0) with one static class per notebook.</summary>
    Library,

    /// <summary>One .NET 10 file-based app (<c>NAME.cs</c>) that runs with <c>dotnet run NAME.cs</c>.</summary>
    App,
}
