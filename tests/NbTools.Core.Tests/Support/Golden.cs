namespace NbTools.Core.Tests.Support;

/// <summary>Golden files in tests/NbTools.Core.Tests/Golden, compared with a readable diff; NBTOOLS_UPDATE_GOLDEN=1 rewrites them.</summary>
public static class Golden
{
    public static void AssertMatches(string name, string actual)
    {
        var path = Path.Combine(Path.GetDirectoryName(Formats.Text.FixtureRoundTripTests.Locate("Golden/x"))!, name);
        if (Environment.GetEnvironmentVariable("NBTOOLS_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, actual);
            return;
        }
        Assert.True(File.Exists(path), $"golden file {path} is missing; run the tests once with NBTOOLS_UPDATE_GOLDEN=1 and review it");
        var expected = File.ReadAllText(path);
        if (expected == actual) return;
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        var line = 0;
        while (line < Math.Min(e.Length, a.Length) && e[line] == a[line]) line++;
        Assert.Fail($"{name} differs from its golden file at line {line + 1}:\n  golden: {(line < e.Length ? e[line] : "<end>")}\n  actual: {(line < a.Length ? a[line] : "<end>")}\n(NBTOOLS_UPDATE_GOLDEN=1 regenerates it on purpose)");
    }
}
