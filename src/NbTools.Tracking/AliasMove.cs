namespace NbTools.Tracking;

/// <summary>What <see cref="ModelAliases.Promote"/> or <see cref="ModelAliases.Rollback"/> did to an alias.</summary>
/// <param name="Model">Registered model name.</param>
/// <param name="Alias">The alias moved.</param>
/// <param name="From">The version it pointed at before (null: it was not set).</param>
/// <param name="To">The version it points at now.</param>
/// <param name="History">The alias's history after the move, oldest first (the last entry is <paramref name="To"/>).</param>
public sealed record AliasMove(string Model, string Alias, int? From, int To, IReadOnlyList<int> History)
{
    /// <summary>False when the alias already pointed at the version (nothing was written).</summary>
    public bool Changed => From != To;
}
