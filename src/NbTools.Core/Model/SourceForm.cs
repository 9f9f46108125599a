namespace NbTools.Core.Model;

/// <summary>How a multi-line string was stored in the file: one JSON string, or a list of lines.</summary>
internal enum SourceForm
{
    Lines,
    String,
}
