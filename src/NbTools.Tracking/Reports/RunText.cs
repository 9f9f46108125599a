using System.Globalization;

namespace NbTools.Tracking.Reports;

/// <summary>How runs' numbers and times are shown, the same in every listing and report.</summary>
public static class RunText
{
    /// <summary>A metric value: six significant digits.</summary>
    public static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    /// <summary>A run's start (milliseconds since the epoch) in UTC.</summary>
    public static string Start(long unixMilliseconds) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>A duration: milliseconds, seconds, or h:mm:ss.</summary>
    public static string Duration(long milliseconds) =>
        milliseconds < 1000 ? $"{milliseconds} ms"
        : milliseconds < 60_000 ? string.Create(CultureInfo.InvariantCulture, $"{milliseconds / 1000.0:F1} s")
        : TimeSpan.FromMilliseconds(milliseconds).ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture);
}
