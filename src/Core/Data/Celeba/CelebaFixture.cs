using System.Globalization;
using System.Text;
using SkiaSharp;

namespace Orleans.Lse.Core.Data.Celeba;

/// <summary>
/// Writes a small data set in CelebA's exact layout (178x218 JPEGs, the 40-attribute file, the partition file) whose
/// faces are simple shapes with the paper's ten traits drawn where <see cref="FaceRegions"/> says: glasses, a moustache,
/// a smile, big lips, rosy cheeks, sideburns, earrings, a necktie, a receding hairline, and long hair for faces that are
/// not "Male" (the paper's observation on real CelebA). Traits are drawn at random, moustache and sideburns mostly on
/// male faces (a correlation for bias heatmaps to find). Same seed, same files.
/// </summary>
public static class CelebaFixture
{
    public const int Width = 178;
    public const int Height = 218;

    /// <summary>Largest shift of a face from its place, in pixels (the regions include it).</summary>
    public const int MaxShift = 3;

    private static readonly SKColor[] s_skin = [new(241, 194, 167), new(224, 172, 105), new(198, 134, 66), new(141, 85, 36), new(255, 219, 172)];
    private static readonly SKColor[] s_hair = [new(30, 25, 20), new(90, 56, 37), new(200, 160, 80), new(140, 140, 140), new(60, 40, 30)];

    /// <summary>Writes <paramref name="count"/> faces under <paramref name="root"/> (every tenth image validation, the next test, the rest training).</summary>
    public static void Write(string root, int count, int seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, 1_000_000);
        string images = Path.Combine(root, CelebaFiles.ImagesFolder);
        Directory.CreateDirectory(images);
        var random = new Random(seed);
        var attributes = new StringBuilder().Append(count.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append(string.Join(' ', CelebaFiles.AttributeNames)).Append('\n');
        var partition = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            string file = $"{i + 1:D6}.jpg";
            var traits = Draw(random);
            using (var bitmap = Render(traits, Look(random)))
            using (var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 92))
            using (var stream = File.Create(Path.Combine(images, file)))
            {
                data.SaveTo(stream);
            }

            attributes.Append(file);
            foreach (string name in CelebaFiles.AttributeNames)
            {
                bool on = traits.TryGetValue(name, out bool drawn) ? drawn : name == "No_Beard" ? !traits["Mustache"] : random.NextDouble() < 0.3;
                attributes.Append(on ? "  1" : " -1");
            }

            attributes.Append('\n');
            partition.Append(file).Append(' ').Append((i % 10) switch { 8 => '1', 9 => '2', _ => '0' }).Append('\n');
        }

        File.WriteAllText(Path.Combine(root, CelebaFiles.AttributesFile), attributes.ToString());
        File.WriteAllText(Path.Combine(root, CelebaFiles.PartitionFile), partition.ToString());
    }

    private static Dictionary<string, bool> Draw(Random random)
    {
        bool male = random.NextDouble() < 0.45;
        return new Dictionary<string, bool>(StringComparer.Ordinal)
        {
            ["Male"] = male,
            ["Big_Lips"] = random.NextDouble() < 0.3,
            ["Receding_Hairline"] = random.NextDouble() < 0.25,
            ["Wearing_Earrings"] = random.NextDouble() < (male ? 0.1 : 0.4),
            ["Eyeglasses"] = random.NextDouble() < 0.3,
            ["Wearing_Necktie"] = random.NextDouble() < (male ? 0.4 : 0.1),
            ["Mustache"] = random.NextDouble() < (male ? 0.5 : 0.05),
            ["Sideburns"] = random.NextDouble() < (male ? 0.45 : 0.05),
            ["Smiling"] = random.NextDouble() < 0.5,
            ["Rosy_Cheeks"] = random.NextDouble() < 0.25,
        };
    }

    /// <summary>A face's colours and its shift from its place.</summary>
    internal readonly record struct FaceLook(SKColor Skin, SKColor Hair, SKColor Background, SKColor Shirt, int Dx, int Dy);

    private static FaceLook Look(Random random)
    {
        SKColor Pick(SKColor[] palette) => palette[random.Next(palette.Length)];
        SKColor Any(int low, int high) => new((byte)random.Next(low, high), (byte)random.Next(low, high), (byte)random.Next(low, high));
        return new FaceLook(Pick(s_skin), Pick(s_hair), Any(60, 230), Any(20, 220), random.Next(-MaxShift, MaxShift + 1), random.Next(-MaxShift, MaxShift + 1));
    }

    /// <summary>Draws a face with traits <paramref name="t"/> (the paper's ten, each on or off) as <paramref name="look"/> says.</summary>
    internal static SKBitmap Render(IReadOnlyDictionary<string, bool> t, FaceLook look)
    {
        var (skin, hair, background, shirt) = (look.Skin, look.Hair, look.Background, look.Shirt);
        float dx = look.Dx, dy = look.Dy;

        var bitmap = new SKBitmap(new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using var canvas = new SKCanvas(bitmap);
        using var fill = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Fill };
        using var stroke = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeCap = SKStrokeCap.Round, StrokeJoin = SKStrokeJoin.Round };
        canvas.Clear(background);
        canvas.Translate(dx, dy);
        void Oval(SKColor color, float cx, float cy, float rx, float ry)
        {
            fill.Color = color;
            canvas.DrawOval(cx, cy, rx, ry, fill);
        }

        // Hair behind the head: long to the shoulders unless male, a short cap if male.
        if (t["Male"])
        {
            Oval(hair, 89, 78, 52, 38);
        }
        else
        {
            Oval(hair, 89, 112, 70, 80);
        }

        fill.Color = skin;
        canvas.DrawRect(75, 165, 28, 20, fill);
        fill.Color = shirt;
        canvas.DrawRect(20, 178, 138, 44, fill);
        if (t["Wearing_Necktie"])
        {
            using var builder = new SKPathBuilder();
            builder.MoveTo(89, 178);
            builder.LineTo(82, 181);
            builder.LineTo(79, 196);
            builder.LineTo(89, 199);
            builder.LineTo(99, 196);
            builder.LineTo(96, 181);
            builder.Close();
            using var tie = builder.Detach();
            fill.Color = new SKColor(170, 20, 40);
            canvas.DrawPath(tie, fill);
        }

        Oval(skin, 89, 115, 46, 58);
        if (t["Receding_Hairline"])
        {
            Oval(skin, 89, 70, 38, 26);
        }
        else
        {
            Oval(hair, 89, 63, 44, 13);
        }

        if (t["Sideburns"])
        {
            fill.Color = hair;
            canvas.DrawRect(41, 88, 12, 42, fill);
            canvas.DrawRect(125, 88, 12, 42, fill);
        }

        Oval(new SKColor(30, 30, 40), 70, 104, 6, 4);
        Oval(new SKColor(30, 30, 40), 108, 104, 6, 4);
        if (t["Eyeglasses"])
        {
            stroke.Color = new SKColor(15, 15, 15);
            stroke.StrokeWidth = 3;
            canvas.DrawCircle(70, 104, 12, stroke);
            canvas.DrawCircle(108, 104, 12, stroke);
            canvas.DrawLine(82, 104, 96, 104, stroke);
        }

        stroke.Color = skin.WithRed((byte)(skin.Red * 0.75)).WithGreen((byte)(skin.Green * 0.75)).WithBlue((byte)(skin.Blue * 0.75));
        stroke.StrokeWidth = 3;
        canvas.DrawLine(89, 110, 89, 123, stroke);
        if (t["Rosy_Cheeks"])
        {
            Oval(new SKColor(235, 100, 125), 64, 130, 9, 9);
            Oval(new SKColor(235, 100, 125), 114, 130, 9, 9);
        }

        if (t["Mustache"])
        {
            fill.Color = hair;
            canvas.DrawRoundRect(72, 128, 34, 9, 4, 4, fill);
        }

        stroke.Color = new SKColor(150, 30, 40);
        stroke.StrokeWidth = t["Big_Lips"] ? 7 : 3;
        if (t["Smiling"])
        {
            // An open smile: teeth inside the lips' curve.
            using var builder = new SKPathBuilder();
            builder.MoveTo(75, 143);
            builder.QuadTo(89, 161, 103, 143);
            builder.Close();
            using var smile = builder.Detach();
            fill.Color = new SKColor(250, 250, 245);
            canvas.DrawPath(smile, fill);
            canvas.DrawPath(smile, stroke);
        }
        else
        {
            canvas.DrawLine(77, 147, 101, 147, stroke);
        }

        if (t["Wearing_Earrings"])
        {
            Oval(new SKColor(230, 190, 40), 41, 134, 4, 4);
            Oval(new SKColor(230, 190, 40), 137, 134, 4, 4);
        }

        return bitmap;
    }
}
