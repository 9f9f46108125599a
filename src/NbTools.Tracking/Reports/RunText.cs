using System.Globalization;

namespace NbTools.Tracking.Reports;

/// <summary>How runs' numbers and times are shown, the same in every listing and report.</summary>
public static class RunText
{
    /// <summary>Longest value shown in a table cell before it is cut with an ellipsis.</summary>
    public const int MaxCellLength = 40;

    /// <summary>
    /// A metric value: six significant digits. ±1.7976931348623157e+308, the largest double, is how
    /// MLflow's SQL-backed server keeps ±Infinity: it is shown exactly, so it reads as what it is.
    /// </summary>
    public static string Number(double value) =>
        Math.Abs(value) == double.MaxValue ? (value < 0 ? "-" : "") + "1.7976931348623157e+308" : value.ToString("G6", CultureInfo.InvariantCulture);

    /// <summary>True for a value a chart can place: finite and not the ±MaxValue that stands for ±Infinity.</summary>
    public static bool Plottable(double value) => double.IsFinite(value) && Math.Abs(value) < double.MaxValue;

    /// <summary>A value for a table cell: its first line, at most <see cref="MaxCellLength"/> characters, with "…" where it was cut.</summary>
    public static string Cell(string value, int maxLength = MaxCellLength)
    {
        var end = value.IndexOfAny(['\r', '\n']);
        var line = end < 0 ? value : value[..end];
        if (line.Length > maxLength) line = line[..(maxLength - 1)];
        return line.Length == value.Length ? value : line + "…";
    }

    /// <summary>A run's start (milliseconds since the epoch) in UTC.</summary>
    public static string Start(long unixMilliseconds) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>A duration: milliseconds, seconds, or h:mm:ss.</summary>
    public static string Duration(long milliseconds) =>
        milliseconds < 1000 ? $"{milliseconds} ms"
        : milliseconds < 60_000 ? string.Create(CultureInfo.InvariantCulture, $"{milliseconds / 1000.0:F1} s")
        : TimeSpan.FromMilliseconds(milliseconds).ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture);
}
