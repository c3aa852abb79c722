namespace Orleans.Lse.Core.Search;

/// <summary>What an exhaustive 2-D grid over eps says about one search.</summary>
/// <param name="Id">The search's id.</param>
/// <param name="Solvable">Some eps in the data region makes c(x') = target.</param>
/// <param name="MinEpsNorm">Smallest ||eps|| found on the grid that reaches the target (NaN if unsolvable).</param>
/// <param name="Points">Grid points evaluated.</param>
public sealed record OracleResult(long Id, bool Solvable, float MinEpsNorm, int Points);
