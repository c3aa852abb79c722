using Orleans.Lse.Core.Data.Celeba;
using Orleans.Lse.Core.Imaging;
using Orleans.Lse.Core.Models;
using static TorchSharp.torch;

namespace Orleans.Lse.Core.Figures;

/// <summary>
/// Test faces above their reconstructions g(e(x)) by a latent model, and as many decoded prior samples g(z), z ~ N(0, I)
/// (what the model makes of latents no image gave, which is where a search goes), each drawn 2x.
/// </summary>
public static class ReconstructionSheet
{
    public static void Save(string path, LatentModel model, CelebaDataset data, IReadOnlyList<int> images, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        float[][] decoded, sampled;
        using (var scope = NewDisposeScope())
        using (no_grad())
        {
            model.eval();
            var device = model.parameters().First().device;
            var x = data.Images(images).to(device);
            var r = model.Decode(model.EncodeMean(x)).cpu();
            using var noise = new Generator((ulong)seed);
            var s = model.Decode(randn([images.Count, model.LatentSize], generator: noise).to(device)).cpu();
            decoded = [.. Enumerable.Range(0, images.Count).Select(i => r[i].flatten().data<float>().ToArray())];
            sampled = [.. Enumerable.Range(0, images.Count).Select(i => s[i].flatten().data<float>().ToArray())];
        }

        var originals = new List<Tile?>();
        var reconstructions = new List<Tile?>();
        var samples = new List<Tile?>();
        try
        {
            foreach (var (i, d) in images.Zip(decoded))
            {
                originals.Add(new Tile(ImageRaster.Linear(data.Image(i), data.Shape, 2), $"#{i + 1}"));
                reconstructions.Add(new Tile(ImageRaster.Linear(d, data.Shape, 2)));
            }

            samples.AddRange(sampled.Select(d => (Tile?)new Tile(ImageRaster.Linear(d, data.Shape, 2))));
            using var sheet = TileSheet.Render($"{model.GetName()} d = {model.LatentSize}: test images, g(e(x)), and g(z) for z ~ N(0, I)", [], [("x", originals), ("g(e(x))", reconstructions), ("g(z)", samples)]);
            PngFile.Save(sheet, path);
        }
        finally
        {
            foreach (var tile in originals.Concat(reconstructions).Concat(samples))
            {
                tile!.Bitmap.Dispose();
            }
        }
    }
}
