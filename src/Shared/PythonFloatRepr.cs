// Compiled into NbTools.Core and NbTools.Tracking (linked, not a project): Tracking must not
// depend on Core, and both need Python's spelling of floats.
using System.Globalization;

namespace NbTools.Shared;

/// <summary>
/// A finite double as Python writes it (<c>repr</c>, float_repr_style 'short' – what <c>json</c>,
/// nbformat and MLflow's metric files use): the shortest round-trip digits, <c>1.0</c>,
/// <c>0.0001</c>, <c>1e-05</c>, <c>1e+16</c>. NaN and infinities are spelled differently by each
/// caller (JSON: <c>NaN</c>; repr: <c>nan</c>), so they are the caller's.
/// </summary>
internal static class PythonFloatRepr
{
    public static string Finite(double value)
    {
        if (!double.IsFinite(value)) throw new ArgumentOutOfRangeException(nameof(value), value, "NaN and infinities are spelled by the caller");
        if (value == 0) return double.IsNegative(value) ? "-0.0" : "0.0";

        // "E16" gives 17 significant digits; "R" gives the shortest round-trip digits. We take the
        // shortest digits and place the decimal point ourselves as float_repr_style 'short' does.
        var shortest = value.ToString("E16", CultureInfo.InvariantCulture);
        var r = value.ToString("R", CultureInfo.InvariantCulture);
        if (double.Parse(r, CultureInfo.InvariantCulture) == value)
        {
            shortest = double.Parse(r, CultureInfo.InvariantCulture).ToString("E" + (SignificantDigits(r) - 1), CultureInfo.InvariantCulture);
        }

        var negative = shortest.StartsWith('-');
        var body = negative ? shortest[1..] : shortest;
        var ePos = body.IndexOf('E');
        var mantissa = body[..ePos].Replace(".", "");
        var exponent = int.Parse(body[(ePos + 1)..], CultureInfo.InvariantCulture);
        mantissa = mantissa.TrimEnd('0');
        if (mantissa.Length == 0) mantissa = "0";
        var decpt = exponent + 1; // digits before the decimal point

        string text;
        if (decpt <= -4 || decpt > 16)
        {
            var frac = mantissa.Length > 1 ? "." + mantissa[1..] : "";
            var exp = decpt - 1;
            text = mantissa[0] + frac + "e" + (exp < 0 ? "-" : "+") + Math.Abs(exp).ToString("00", CultureInfo.InvariantCulture);
        }
        else if (decpt <= 0)
        {
            text = "0." + new string('0', -decpt) + mantissa;
        }
        else if (decpt >= mantissa.Length)
        {
            text = mantissa + new string('0', decpt - mantissa.Length) + ".0";
        }
        else
        {
            text = mantissa[..decpt] + "." + mantissa[decpt..];
        }
        return negative ? "-" + text : text;
    }

    private static int SignificantDigits(string roundTrip)
    {
        var s = roundTrip.TrimStart('-');
        var e = s.IndexOfAny(['E', 'e']);
        if (e >= 0) s = s[..e];
        s = s.Replace(".", "").TrimStart('0').TrimEnd('0');
        return Math.Max(1, s.Length);
    }
}
