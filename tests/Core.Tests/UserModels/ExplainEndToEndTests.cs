using System.Text.Json;
using Orleans.Lse.Core.Data;
using Orleans.Lse.Core.Devices;
using Orleans.Lse.Core.Explaining;
using Orleans.Lse.Core.Tests.Data;
using Orleans.Lse.Core.UserModels;
using static TorchSharp.torch;

namespace Orleans.Lse.Core.Tests.UserModels;

/// <summary>The README's example end to end: the shapes model registered, its mistakes on the example's images explained.</summary>
[Trait(TestCategory.Name, TestCategory.Fast)]
public sealed class ExplainEndToEndTests
{
    [Fact]
    public void TheExamplesMistakesAreExplainedWithEveryOutput()
    {
        using var dir = new TempDirectory();
        string images = TorchScriptFixtures.Example("images");
        var manifest = ModelManifest.Load(TorchScriptFixtures.Example("manifest.json"));
        var data = ImageFolderLoader.Load(images, manifest.ImageShape, manifest.ClassNames);
        using (var sample = data.ToTensor())
        {
            new UserModelRegistry(dir.File("registry")).Add(TorchScriptFixtures.Example("manifest.json"), sample: sample);
        }

        var options = new ExplainOptions
        {
            ModelId = "shapes",
            DataPath = images,
            RegistryDirectory = dir.File("registry"),
            OutputDirectory = dir.File("out"),
            Device = DeviceKind.Cpu,
            LseImages = 0,
            LaeImages = 2,
            // Without the refinement that walks x' back to its class boundary, so that most successes can be checked
            // again clear of a tie.
            SearchOverrides = "refine=0",
            GalleryRows = 10,
        };
        var report = new ModelExplanation(options).Run();

        // The classifier's verdicts, computed here, decide which images are explained.
        using var model = UserModel.Load(TorchScriptFixtures.Example("manifest.json"));
        model.Classifier.eval();
        int[] predicted;
        using (var x = data.ToTensor())
        using (no_grad())
        {
            predicted = [.. model.Classifier.forward(x).argmax(1).data<long>().ToArray().Select(p => (int)p)];
        }

        int wrong = predicted.Where((p, i) => p != data.Labels[i]).Count();
        Assert.InRange(wrong, 1, data.Count - 2);
        Assert.Equal(wrong, report.Misclassified);
        var lse = report.Summaries.Single(s => s.Mode == "LSE");
        Assert.Equal(wrong, lse.Searches);
        Assert.Equal(2 * 2, report.Summaries.Single(s => s.Mode == "LAE").Searches);
        Assert.True(lse.Successes > wrong / 2, $"{lse.Successes} of {wrong} LSE searches succeeded");

        string output = dir.File("out");
        var csv = File.ReadAllLines(Path.Combine(output, "searches.csv"));
        Assert.Equal(1 + wrong + 4, csv.Length);
        var ids = NpyLongs(Path.Combine(output, "search_ids.npy"));
        Assert.Equal(csv.Skip(1).Select(l => long.Parse(l.Split(',')[3], System.Globalization.CultureInfo.InvariantCulture)), ids);

        // x' from the .npy arrays is classified as the target wherever the search says it succeeded, and delta = x' - x.
        var xs = NpyFloats(Path.Combine(output, "x.npy"));
        var primes = NpyFloats(Path.Combine(output, "x_prime.npy"));
        var deltas = NpyFloats(Path.Combine(output, "delta.npy"));
        Assert.Equal(ids.Length * manifest.ImageShape.Values, primes.Length);
        Assert.All(Enumerable.Range(0, primes.Length), i => Assert.Equal(primes[i] - xs[i], deltas[i], 1e-5f));
        float[][] onPrimes;
        using (var x = tensor(primes).reshape(manifest.ImageShape.Batch(ids.Length)))
        using (no_grad())
        using (var p = nn.functional.softmax(model.Classifier.forward(x), 1))
        {
            onPrimes = [.. Enumerable.Range(0, ids.Length).Select(i => p[i].data<float>().ToArray())];
        }

        // A refined x' sits at its class boundary, and a batch of another size may round the last bits differently:
        // checked wherever this classification is not within 1e-3 of a tie.
        var rows = csv.Skip(1).Select(l => l.Split(',')).ToList();
        var successes = Enumerable.Range(0, rows.Count).Where(i => rows[i][9] == "True").ToList();
        var clear = successes.Where(i => Margin(onPrimes[i]) > 1e-3).ToList();
        Assert.True(clear.Count >= successes.Count / 2, $"{clear.Count} of {successes.Count} successes are clear of a tie");
        Assert.All(clear, i => Assert.Equal(int.Parse(rows[i][6], System.Globalization.CultureInfo.InvariantCulture), ArgMax(onPrimes[i])));

        Assert.Contains($"'shape': ({ids.Length}, 8)", NpyHeader(Path.Combine(output, "eps.npy")), StringComparison.Ordinal);
        Assert.Contains($"'shape': ({ids.Length}, 3, 32, 32)", NpyHeader(Path.Combine(output, "x_prime.npy")), StringComparison.Ordinal);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "report.json")));
        Assert.Equal(UserModelRegistry.Sha256(TorchScriptFixtures.Example("classifier.pt")), json.RootElement.GetProperty("Model").GetProperty("Files")[0].GetProperty("Sha256").GetString());
        Assert.Equal(data.Checksum(), json.RootElement.GetProperty("DataChecksum").GetString());
        Assert.Contains("improved search on shapes", File.ReadAllText(Path.Combine(output, "summary.txt")), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(output, "gallery-lse-d8-improved.png")));
        Assert.Empty(Orleans.Lse.Tests.ReportLinks.Broken(Path.Combine(output, "report.html")));
        Assert.True(File.Exists(Path.Combine(output, "figures", "bias-lse-d8.png")));
    }

    [Fact]
    public void AnUnknownModelAndMissingDataAreNamed()
    {
        using var dir = new TempDirectory();
        new UserModelRegistry(dir.File("registry")).Add(TorchScriptFixtures.Example("manifest.json"));
        ExplainOptions Options(string model, string data) => new() { ModelId = model, DataPath = data, RegistryDirectory = dir.File("registry"), OutputDirectory = dir.File("out"), Device = DeviceKind.Cpu };

        Assert.Contains("No model 'nope' is registered; registered: shapes", Assert.Throws<UserModelException>(() => new ModelExplanation(Options("nope", dir.Path)).Run()).Message, StringComparison.Ordinal);
        Assert.Contains("no such folder", Assert.Throws<DatasetException>(() => new ModelExplanation(Options("shapes", dir.File("missing"))).Run()).Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.File("out")));
    }

    private static int ArgMax(float[] p) => Array.IndexOf(p, p.Max());

    private static float Margin(float[] p)
    {
        var sorted = p.OrderDescending().ToArray();
        return sorted[0] - sorted[1];
    }

    private static string NpyHeader(string path)
    {
        var bytes = File.ReadAllBytes(path);
        return System.Text.Encoding.ASCII.GetString(bytes, 10, BitConverter.ToUInt16(bytes, 8));
    }

    private static float[] NpyFloats(string path)
    {
        var bytes = File.ReadAllBytes(path);
        int start = 10 + BitConverter.ToUInt16(bytes, 8);
        return [.. Enumerable.Range(0, (bytes.Length - start) / 4).Select(i => BitConverter.ToSingle(bytes, start + (4 * i)))];
    }

    private static long[] NpyLongs(string path)
    {
        var bytes = File.ReadAllBytes(path);
        int start = 10 + BitConverter.ToUInt16(bytes, 8);
        return [.. Enumerable.Range(0, (bytes.Length - start) / 8).Select(i => BitConverter.ToInt64(bytes, start + (8 * i)))];
    }
}
