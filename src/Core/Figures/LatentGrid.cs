namespace Orleans.Lse.Core.Figures;

/// <summary>
/// A rectangle of a 2-D plane cut into <paramref name="Columns"/> x <paramref name="Rows"/> cells, sampled at their
/// centres; row 0 is the lowest y, column 0 the lowest x.
/// </summary>
public sealed record LatentGrid(double XMin, double XMax, double YMin, double YMax, int Columns, int Rows)
{
    /// <summary>Most cells of one grid: each is a decoder and a classifier pass.</summary>
    public const int MaxCells = 1 << 20;

    /// <summary>A square grid of <paramref name="cells"/> x <paramref name="cells"/> centred on (cx, cy) with half-width <paramref name="half"/>.</summary>
    public static LatentGrid Square(double cx, double cy, double half, int cells) => new LatentGrid(cx - half, cx + half, cy - half, cy + half, cells, cells).Validated();

    /// <summary>The x of column <paramref name="column"/>'s centre.</summary>
    public double X(int column) => XMin + ((column + 0.5) * (XMax - XMin) / Columns);

    /// <summary>The y of row <paramref name="row"/>'s centre.</summary>
    public double Y(int row) => YMin + ((row + 0.5) * (YMax - YMin) / Rows);

    /// <summary>Throws unless the rectangle is finite and not empty and the cell count is within <see cref="MaxCells"/>.</summary>
    public LatentGrid Validated()
    {
        if (!(double.IsFinite(XMin) && double.IsFinite(XMax) && double.IsFinite(YMin) && double.IsFinite(YMax)) || XMax <= XMin || YMax <= YMin)
        {
            throw new ArgumentException($"A grid needs finite bounds with min < max; got x [{XMin}, {XMax}], y [{YMin}, {YMax}].");
        }

        if (Columns < 2 || Rows < 2 || (long)Columns * Rows > MaxCells)
        {
            throw new ArgumentException($"A grid needs at least 2 x 2 and at most {MaxCells} cells; got {Columns} x {Rows}.");
        }

        return this;
    }
}
