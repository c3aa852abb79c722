using SkiaSharp;

namespace Orleans.Lse.Core.Figures;

/// <summary>One picture of a <see cref="TileSheet"/>, with an optional caption under it and an optional coloured frame.</summary>
public sealed record Tile(SKBitmap Bitmap, string? Caption = null, SKColor? Frame = null);
