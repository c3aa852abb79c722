using System.Globalization;
using System.Text;
using System.Text.Json;
using Orleans.Lse.Core.Data;
using Orleans.Lse.Core.Imaging;
using Orleans.Lse.Core.Models;

namespace Orleans.Lse.Core.Figures;

/// <summary>
/// Writes edge cases as a set ready for annotation: one PNG per image (native size) under images/, manifest.csv and
/// manifest.json (a row per image: file, search, side of the boundary, the classifier's verdict, the original's true
/// label), and images-idx3-ubyte / labels-idx1-ubyte in MNIST's format with the original's true label as the provisional
/// label, so that the set can join a training set once checked.
/// </summary>
public static class EdgeCaseSet
{
    /// <summary>The files written, relative to <paramref name="directory"/>.</summary>
    public static IReadOnlyList<string> Write(string directory, IReadOnlyList<EdgeCase> cases, ImageShape shape, int latentSize, IReadOnlyList<string>? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(cases);
        Directory.CreateDirectory(Path.Combine(directory, "images"));
        string Name(int label) => classNames is not null && label < classNames.Count ? classNames[label] : label.ToString(CultureInfo.InvariantCulture);
        var rows = new List<Dictionary<string, object>>();
        var csv = new StringBuilder("file,search_id,image,latent_size,side,model_label,model_class,true_label,true_class,target,eps_norm,gap\n");
        var images = new List<float[]>();
        var labels = new List<byte>();
        foreach (var c in cases)
        {
            foreach (var (side, image, verdict) in new[] { ("outside", c.OutsideImage, c.OutsidePrediction), ("inside", c.InsideImage, c.InsidePrediction) })
            {
                string file = string.Create(CultureInfo.InvariantCulture, $"images/d{latentSize}-{c.SearchId}-{side}.png");
                using (var bitmap = ImageRaster.Linear(image, shape, 1))
                {
                    PngFile.Save(bitmap, Path.Combine(directory, file));
                }

                csv.AppendLine(CultureInfo.InvariantCulture, $"{file},{c.SearchId},{c.ImageRow},{latentSize},{side},{verdict},{Csv(Name(verdict))},{c.TrueLabel},{Csv(Name(c.TrueLabel))},{c.Target},{c.EpsNorm:0.######},{c.Gap:0.######}");
                rows.Add(new()
                {
                    ["file"] = file, ["searchId"] = c.SearchId, ["image"] = c.ImageRow, ["latentSize"] = latentSize, ["side"] = side,
                    ["modelLabel"] = verdict, ["modelClass"] = Name(verdict), ["trueLabel"] = c.TrueLabel, ["trueClass"] = Name(c.TrueLabel),
                    ["target"] = c.Target, ["epsNorm"] = c.EpsNorm, ["gap"] = c.Gap, ["eps"] = side == "inside" ? c.InsideEps : c.OutsideEps,
                });
                images.Add(image);
                labels.Add((byte)Math.Clamp(c.TrueLabel, 0, 255));
            }
        }

        File.WriteAllText(Path.Combine(directory, "manifest.csv"), csv.ToString());
        File.WriteAllText(Path.Combine(directory, "manifest.json"), JsonSerializer.Serialize(new { shape = new[] { shape.Channels, shape.Height, shape.Width }, images = rows }, new JsonSerializerOptions { WriteIndented = true }));
        int[] dims = shape.Channels == 1 ? [images.Count, shape.Height, shape.Width] : [images.Count, shape.Channels, shape.Height, shape.Width];
        IdxWriter.Write(Path.Combine(directory, "images-idx3-ubyte"), dims, IdxWriter.Bytes(images));
        IdxWriter.Write(Path.Combine(directory, "labels-idx1-ubyte"), [labels.Count], [.. labels]);
        return ["manifest.csv", "manifest.json", "images-idx3-ubyte", "labels-idx1-ubyte", .. rows.Select(r => (string)r["file"])];
    }

    private static string Csv(string value) => value.Contains(',') || value.Contains('"') ? $"\"{value.Replace("\"", "\"\"")}\"" : value;
}
