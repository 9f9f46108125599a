// Shared by the test projects that read the repository itself (linked into each), not a project of its own.
namespace NbTools.Tests.Support;

/// <summary>The repository this test assembly was built from (the folder holding NbTools.sln).</summary>
public static class RepositoryRoot
{
    public static string Path
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "NbTools.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("cannot find NbTools.sln above the test assembly");
        }
    }
}
