namespace Orleans.Lse.Core.Imaging;

/// <summary>
/// Pixel geometry of an <see cref="ExplanationGallery"/> page, kept apart from drawing so tests can
/// predict the PNG size. Cells flow row-major: left to right across the column blocks, then down.
/// </summary>
internal sealed class GalleryLayout
{
    public const int Margin = 10;
    public const int PanelGap = 6;
    public const int ColumnGap = 24;
    public const int RowGap = 14;

    public GalleryLayout(int rowCount, int imageHeight, int imageWidth, int columns, int scale, int maxRows, int panels)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rowCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(imageHeight);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(imageWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(scale);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxRows);

        Shown = Math.Min(rowCount, maxRows);
        Hidden = rowCount - Shown;
        Columns = Math.Clamp(columns, 1, Math.Max(Shown, 1));
        GridRows = (Shown + Columns - 1) / Columns;

        // Text grows with the images so large renders stay balanced.
        FontSize = 9f + (2f * Math.Max(1, (scale + 1) / 3));
        TitleFontSize = 1.5f * FontSize;
        LineHeight = (int)Math.Ceiling(FontSize * 1.35f);
        TitleHeight = (int)Math.Ceiling(TitleFontSize * 1.35f) + 4 + LineHeight + 6;
        HeaderHeight = LineHeight + 8;
        FooterHeight = Hidden > 0 || Shown == 0 ? LineHeight + 6 : 0;

        Panels = panels;
        PanelWidth = imageWidth * scale;
        PanelHeight = imageHeight * scale;
        CellWidth = (panels * PanelWidth) + ((panels - 1) * PanelGap);
        CellHeight = (2 * LineHeight) + PanelHeight + RowGap;

        GridTop = Margin + TitleHeight + HeaderHeight;
        Width = (2 * Margin) + (Columns * CellWidth) + ((Columns - 1) * ColumnGap);
        Height = GridTop + (GridRows * CellHeight) + FooterHeight + Margin;
    }

    public int Shown { get; }

    public int Hidden { get; }

    public int Columns { get; }

    public int GridRows { get; }

    /// <summary>Text size in pixels.</summary>
    public float FontSize { get; }

    /// <summary>The title's text size in pixels.</summary>
    public float TitleFontSize { get; }

    public int LineHeight { get; }

    public int TitleHeight { get; }

    public int HeaderHeight { get; }

    public int FooterHeight { get; }

    public int Panels { get; }

    public int PanelWidth { get; }

    public int PanelHeight { get; }

    public int CellWidth { get; }

    public int CellHeight { get; }

    public int GridTop { get; }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Left edge of column block <paramref name="column"/>.</summary>
    public int ColumnLeft(int column) => Margin + (column * (CellWidth + ColumnGap));

    /// <summary>Top-left of the cell showing row <paramref name="index"/>.</summary>
    public (int X, int Y) CellOrigin(int index) =>
        (ColumnLeft(index % Columns), GridTop + ((index / Columns) * CellHeight));

    /// <summary>Left edge of panel <paramref name="panel"/> inside a cell starting at <paramref name="cellX"/>.</summary>
    public int PanelLeft(int cellX, int panel) => cellX + (panel * (PanelWidth + PanelGap));
}
