namespace NbTools.Core.Json;

/// <summary>
/// Spells numbers the way Python's <c>json</c> module (and so nbformat) does, e.g. <c>1.0</c>,
/// <c>1e-05</c>, <c>1e+16</c>, <c>NaN</c>, so that values NbTools adds look like the ones Jupyter writes.
/// </summary>
internal static class PythonNumbers
{
    public static string FormatDouble(double value)
    {
        if (double.IsNaN(value)) return "NaN";
        if (double.IsPositiveInfinity(value)) return "Infinity";
        if (double.IsNegativeInfinity(value)) return "-Infinity";
        return Shared.PythonFloatRepr.Finite(value);
    }
}
