namespace Orleans.Lse.Core.Figures;

/// <summary>
/// The classifier's verdict at each cell of a grid, [row, column] (row 0 lowest y), and, where asked for, the cross
/// entropy towards a target class there.
/// </summary>
public sealed record ClassGrid(LatentGrid Grid, int[,] Classes, float[,]? Loss = null)
{
    /// <summary>The classes that occur on the grid, ascending.</summary>
    public int[] Present() => [.. Classes.Cast<int>().Distinct().Order()];
}
