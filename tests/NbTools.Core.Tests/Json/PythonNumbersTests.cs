using NbTools.Core.Json;
using NbTools.Core.Text;

namespace NbTools.Core.Tests.Json;

public sealed class PythonNumbersTests
{
    [Theory]
    [InlineData(1.0, "1.0")]
    [InlineData(1e-05, "1e-05")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(1e16, "1e+16")]
    [InlineData(1e15, "1000000000000000.0")]
    [InlineData(0.1, "0.1")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(123456.789, "123456.789")]
    [InlineData(1.5e-07, "1.5e-07")]
    [InlineData(6.02214076e23, "6.02214076e+23")]
    [InlineData(0.0, "0.0")]
    public void Doubles_are_spelled_as_python_repr_does(double value, string expected) =>
        Assert.Equal(expected, PythonNumbers.FormatDouble(value));

    [Theory]
    [InlineData("a\nb", new[] { "a\n", "b" })]
    [InlineData("a\r\nb\r\n", new[] { "a\r\n", "b\r\n" })]
    [InlineData("a\rb\u2028c\fd", new[] { "a\r", "b\u2028", "c\f", "d" })]
    [InlineData("", new string[0])]
    [InlineData("\n\n", new[] { "\n", "\n" })]
    public void Lines_split_like_python_splitlines_keepends(string text, string[] expected) =>
        Assert.Equal(expected, PythonLines.SplitKeepEnds(text));
}
