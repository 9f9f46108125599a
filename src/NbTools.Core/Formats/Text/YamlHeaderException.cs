namespace NbTools.Core.Formats.Text;

/// <summary>A YAML header NbTools refuses; <see cref="Line"/> counts from the header's first YAML line (1).</summary>
public sealed class YamlHeaderException(string message, int line) : FormatException(message)
{
    /// <summary>1-based line within the header's YAML.</summary>
    public int Line { get; } = line;
}
