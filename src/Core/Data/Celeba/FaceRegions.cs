using SkiaSharp;

namespace Orleans.Lse.Core.Data.Celeba;

/// <summary>
/// Where <see cref="CelebaFixture"/> draws each of the paper's ten traits, in the 178x218 image (before the jitter of at
/// most <see cref="CelebaFixture.MaxShift"/> pixels, which the regions include), and those regions as masks of the
/// images the models see.
/// </summary>
public static class FaceRegions
{
    private static readonly Dictionary<string, SKRectI[]> s_regions = new(StringComparer.Ordinal)
    {
        ["Male"] = [new(16, 29, 162, 53), new(16, 47, 78, 196), new(100, 47, 162, 196)],
        ["Big_Lips"] = [new(68, 136, 110, 160)],
        ["Receding_Hairline"] = [new(46, 40, 132, 99)],
        ["Wearing_Earrings"] = [new(34, 127, 48, 141), new(130, 127, 144, 141)],
        ["Eyeglasses"] = [new(52, 87, 126, 121)],
        ["Wearing_Necktie"] = [new(76, 175, 102, 202)],
        ["Mustache"] = [new(68, 124, 110, 141)],
        ["Sideburns"] = [new(38, 85, 56, 133), new(122, 85, 140, 133)],
        ["Smiling"] = [new(68, 136, 110, 160)],
        ["Rosy_Cheeks"] = [new(52, 118, 76, 142), new(102, 118, 126, 142)],
    };

    /// <summary>The traits the fixture draws (the paper's ten).</summary>
    public static IReadOnlyCollection<string> Traits => s_regions.Keys;

    /// <summary>The rectangles of <paramref name="trait"/> in the 178x218 image.</summary>
    public static IReadOnlyList<SKRectI> Of(string trait) => s_regions.TryGetValue(trait, out var rects)
        ? rects
        : throw new DatasetException($"The fixture draws no trait '{trait}'; it draws {string.Join(", ", s_regions.Keys)}.");

    /// <summary>
    /// The pixels of a model's size x size image (the centre square of side <paramref name="crop"/>, 0 = the short side,
    /// resized) that fall in <paramref name="trait"/>'s region, row-major.
    /// </summary>
    public static bool[] Mask(string trait, int size, int crop = 0)
    {
        int side = crop > 0 ? crop : Math.Min(CelebaFixture.Width, CelebaFixture.Height);
        float left = (CelebaFixture.Width - side) / 2f, top = (CelebaFixture.Height - side) / 2f, scale = side / (float)size;
        var mask = new bool[size * size];
        for (int y = 0; y < size; y++)
        {
            for (int x = 0; x < size; x++)
            {
                float sx = left + ((x + 0.5f) * scale), sy = top + ((y + 0.5f) * scale);
                mask[(y * size) + x] = Of(trait).Any(r => sx >= r.Left && sx < r.Right && sy >= r.Top && sy < r.Bottom);
            }
        }

        return mask;
    }
}
