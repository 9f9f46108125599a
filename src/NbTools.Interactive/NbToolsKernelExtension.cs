using System.Runtime.CompilerServices;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.CSharp;
using NbTools.Interactive.Formatting;
using NbTools.Interactive.Magics;
using NbTools.Interactive.Sessions;

namespace NbTools.Interactive;

/// <summary>
/// Brings NbTools into a .NET Interactive kernel: the magic commands <c>#!experiment</c>,
/// <c>#!end-run</c>, <c>#!runs</c>, <c>#!nbdiff</c>, <c>#!sync</c> and <c>#!extract</c>, and HTML and plain-text
/// formatters for NbTools.Tracking's runs. The package's <c>extension.dib</c> calls
/// <see cref="Load"/> with the root kernel; hosts that honour <see cref="IKernelExtension"/> call
/// <see cref="OnLoadAsync"/>. Loading twice into the same kernel changes nothing.
/// </summary>
public sealed class NbToolsKernelExtension : IKernelExtension
{
    private static readonly ConditionalWeakTable<Kernel, ExperimentSession> Loaded = new();

    /// <inheritdoc cref="Load"/>
    public Task OnLoadAsync(Kernel kernel)
    {
        Load(kernel);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Adds the magic commands to <paramref name="kernel"/>'s root kernel (a composite kernel, or a
    /// single kernel) and to every C# kernel below it, and registers the formatters.
    /// </summary>
    public static void Load(Kernel kernel)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        var root = kernel.RootKernel;
        lock (Loaded)
        {
            if (Loaded.TryGetValue(root, out _)) return;
            var session = new ExperimentSession(root);
            Loaded.Add(root, session);
            TrackingFormatters.Register();
            var targets = new List<Kernel> { root };
            root.VisitSubkernels(k =>
            {
                if (k is CSharpKernel) targets.Add(k);
            });
            foreach (var target in targets)
            {
                if (target is CSharpKernel csharp) csharp.AddAssemblyReferences([typeof(Tracking.Run).Assembly.Location]);
                ExperimentMagic.Add(target, session);
                EndRunMagic.Add(target, session);
                RunsMagic.Add(target);
                NbDiffMagic.Add(target);
                SyncMagic.Add(target);
                ExtractMagic.Add(target);
            }
            session.WatchForFailedCells();
        }
    }

    /// <summary>The session of a kernel the extension was loaded into (null when it was not).</summary>
    internal static ExperimentSession? SessionOf(Kernel kernel) => Loaded.TryGetValue(kernel.RootKernel, out var session) ? session : null;
}
