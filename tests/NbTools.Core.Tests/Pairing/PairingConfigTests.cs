using NbTools.Core.Pairing;

namespace NbTools.Core.Tests.Pairing;

/// <summary>Folder-wide pairing from jupytext's configuration files, in each of jupytext's forms.</summary>
public sealed class PairingConfigTests
{
    [Theory]
    [InlineData("jupytext.toml", "formats = \"ipynb,py:percent\"\n", "ipynb,py:percent")]
    [InlineData("jupytext.toml", "formats = [\"ipynb\", \"md:myst\"]\n", "ipynb,md:myst")]
    [InlineData("jupytext.toml", "[formats]\n\"\" = \"ipynb,py:percent\"\n", "ipynb,py:percent")]
    [InlineData("jupytext.toml", "[formats]\n\"notebooks/\" = \"ipynb\"\n\"scripts/\" = \"py:percent\"\n", "notebooks/ipynb,scripts/py:percent")]
    [InlineData("pyproject.toml", "[project]\nname = \"x\"\n\n[tool.jupytext]\nformats = \"ipynb,md\"\n", "ipynb,md")]
    [InlineData("pyproject.toml", "[tool.jupytext]\nformats = {\"\" = \"ipynb,cs:percent\"}\n", "ipynb,cs:percent")]
    public void Formats_are_read_from_each_of_jupytexts_forms(string file, string content, string expected)
    {
        using var temp = new TempFolder();
        Directory.CreateDirectory(temp.File(".git"));
        File.WriteAllText(temp.File(file), content);
        var found = PairingConfig.FormatsFor(temp.File("nb.ipynb"));
        Assert.Equal(expected, found?.Formats);
        Assert.Equal(temp.File(file), found?.File);
    }

    [Fact]
    public void A_pyproject_without_a_jupytext_table_pairs_nothing_and_folder_prefixes_are_refused_clearly()
    {
        using var temp = new TempFolder();
        Directory.CreateDirectory(temp.File(".git"));
        File.WriteAllText(temp.File("pyproject.toml"), "[project]\nname = \"x\"\n");
        Assert.Null(PairingConfig.FormatsFor(temp.File("nb.ipynb")));
        var error = Assert.Throws<NbToolsException>(() => PairedFormat.ParseList("notebooks/ipynb,scripts/py:percent", "jupytext.toml"));
        Assert.Contains("other folders", error.Message);
    }
}
