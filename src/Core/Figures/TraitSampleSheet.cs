using Orleans.Lse.Core.Data.Celeba;
using Orleans.Lse.Core.Imaging;

namespace Orleans.Lse.Core.Figures;

/// <summary>A sheet of face images as the models see them, each captioned with the traits it has among those asked for.</summary>
public static class TraitSampleSheet
{
    /// <summary>Writes <paramref name="indices"/> of <paramref name="data"/> as a PNG, <paramref name="perRow"/> a row, each image drawn 2x.</summary>
    public static void Save(string path, string title, CelebaDataset data, IReadOnlyList<int> indices, IReadOnlyList<string> traits, int perRow = 8)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(perRow, 1);
        var columns = traits.Select(data.Annotations.AttributeIndex).ToList();
        string Code(string trait) => string.Concat(trait.Split('_').Select(w => w[..Math.Min(2, w.Length)]));
        var tiles = new List<Tile>();
        try
        {
            foreach (int i in indices)
            {
                tiles.Add(new Tile(ImageRaster.Linear(data.Image(i), data.Shape, 2), string.Join(" ", traits.Where((t, k) => data.Annotations.Has(i, columns[k])).Select(Code))));
            }

            var rows = tiles.Chunk(perRow).Select((chunk, r) => ($"{r * perRow + 1}", (IReadOnlyList<Tile?>)[.. chunk])).ToList();
            using var sheet = TileSheet.Render(title, [], rows, "Traits: " + string.Join(", ", traits.Select(t => $"{Code(t)} {t}")));
            PngFile.Save(sheet, path);
        }
        finally
        {
            tiles.ForEach(t => t.Bitmap.Dispose());
        }
    }
}
