namespace Orleans.Lse.Core.Data;

/// <summary>
/// The content of an IDX file of unsigned bytes (element type 0x08): its dimensions and its row-major data.
/// </summary>
/// <param name="Dimensions">Sizes of each dimension, outermost first (1 to 4 entries, all positive).</param>
/// <param name="Data">Row-major elements; its length is the product of <paramref name="Dimensions"/>.</param>
public sealed record IdxArray(int[] Dimensions, byte[] Data);
