using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Events;
using NbTools.Interactive;

namespace NbTools.Interactive.Tests;

/// <summary>A composite kernel with a C# kernel, as a notebook has, with the extension loaded.</summary>
internal sealed class TestKernel : IDisposable
{
    public TestKernel()
    {
        CSharp = new CSharpKernel().UseValueSharing();
        Root = new CompositeKernel { CSharp };
        Root.DefaultKernelName = CSharp.Name;
        NbToolsKernelExtension.Load(Root);
    }

    public CompositeKernel Root { get; }

    public CSharpKernel CSharp { get; }

    /// <summary>Runs one cell and returns every event it produced.</summary>
    public async Task<IReadOnlyList<KernelEvent>> RunAsync(string code)
    {
        var result = await Root.SendAsync(new SubmitCode(code, CSharp.Name));
        return result.Events;
    }

    public void Dispose() => Root.Dispose();
}
