using Orleans.Lse.Core.Data.Celeba;
using Orleans.Lse.Core.Faces;
using Orleans.Lse.Core.Imaging;
using static TorchSharp.torch;

namespace Orleans.Lse.Core.Figures;

/// <summary>Test faces above their reconstructions g(e(x)) by a VAE, each drawn 2x.</summary>
public static class ReconstructionSheet
{
    public static void Save(string path, ConvVae vae, CelebaDataset data, IReadOnlyList<int> images)
    {
        float[][] decoded;
        using (var scope = NewDisposeScope())
        using (no_grad())
        {
            vae.eval();
            var x = data.Images(images).to(vae.parameters().First().device);
            var r = vae.Decode(vae.EncodeMean(x)).cpu();
            decoded = [.. Enumerable.Range(0, images.Count).Select(i => r[i].flatten().data<float>().ToArray())];
        }

        var originals = new List<Tile?>();
        var reconstructions = new List<Tile?>();
        try
        {
            foreach (var (i, d) in images.Zip(decoded))
            {
                originals.Add(new Tile(ImageRaster.Linear(data.Image(i), data.Shape, 2), $"#{i + 1}"));
                reconstructions.Add(new Tile(ImageRaster.Linear(d, data.Shape, 2)));
            }

            using var sheet = TileSheet.Render($"{vae.GetName()} d = {vae.LatentSize}: test images and g(e(x))", [], [("x", originals), ("g(e(x))", reconstructions)]);
            PngFile.Save(sheet, path);
        }
        finally
        {
            foreach (var tile in originals.Concat(reconstructions))
            {
                tile!.Bitmap.Dispose();
            }
        }
    }
}
