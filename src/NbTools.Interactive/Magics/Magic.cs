using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Directives;
using NbTools.Core;
using NbTools.Tracking;

namespace NbTools.Interactive.Magics;

/// <summary>
/// Adds a magic command whose errors reach the notebook as one clear line (the cell fails with
/// <c>nbtools: error: …</c>, no exception and no stack trace), never as an exception thrown at the kernel.
/// </summary>
internal static class Magic
{
    public static void Add<TCommand>(Kernel kernel, KernelActionDirective directive, Func<TCommand, KernelInvocationContext, Task> handle)
        where TCommand : KernelDirectiveCommand
    {
        directive.KernelCommandType = typeof(TCommand);
        kernel.AddDirective<TCommand>(directive, async (command, context) =>
        {
            string? error;
            try
            {
                await handle(command, context).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (ex is NbToolsException or TrackingException or IOException or UnauthorizedAccessException or HttpRequestException)
            {
                error = $"nbtools: error: {directive.Name}: {ex.Message}";
            }
            catch (Exception ex)
            {
                error = $"nbtools: internal error: {directive.Name}: {ex.GetType().Name}: {ex.Message}";
            }
            NbToolsKernelExtension.SessionOf(kernel)?.NoteMagicFailure(command);
            context.Fail(command, null, error.Split('\n')[0].TrimEnd('\r'));
        });
    }

    /// <summary>A parameter that takes text.</summary>
    public static KernelDirectiveParameter Text(string name, string description, bool implicitName = false, bool required = false) =>
        new(name, description) { AllowImplicitName = implicitName, Required = required };

    /// <summary>A parameter that takes one of the names of <paramref name="choices"/>, offered as completions.</summary>
    public static KernelDirectiveParameter Choice<T>(string name, string description, IReadOnlyList<(string Name, T Value)> choices)
    {
        var parameter = Text(name, description);
        parameter.AddCompletions(() => choices.Select(c => c.Name));
        return parameter;
    }

    /// <summary>
    /// What the name <paramref name="given"/> for the parameter <paramref name="option"/> stands for among
    /// <paramref name="choices"/> (any case); <paramref name="absent"/> when it was not given.
    /// </summary>
    public static T Pick<T>(string? given, string option, T absent, IReadOnlyList<(string Name, T Value)> choices)
    {
        if (given is null) return absent;
        foreach (var (name, value) in choices)
        {
            if (string.Equals(name, given, StringComparison.OrdinalIgnoreCase)) return value;
        }
        var names = choices.Select(c => c.Name).ToList();
        throw new NbToolsException($"{option} '{given}': use {string.Join(", ", names[..^1])} or {names[^1]}");
    }

    /// <summary>A parameter that is a switch.</summary>
    public static KernelDirectiveParameter Flag(string name, string description) => new(name, description) { Flag = true };
}
