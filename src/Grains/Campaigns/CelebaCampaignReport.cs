using System.Globalization;
using System.Net;
using Orleans.Lse.Core.Experiments;
using Orleans.Lse.Core.Faces;
using Orleans.Lse.Core.Imaging;
using Orleans.Lse.Core.Models;
using Orleans.Lse.Core.Reports;
using Orleans.Lse.Grains.Compute;
using Orleans.Lse.Grains.Searches;
using static TorchSharp.torch;

namespace Orleans.Lse.Grains.Campaigns;

/// <summary>
/// A CelebA campaign's report, from its stored records: the table in the shape of the paper's table 1 (a row per trait,
/// mode and d, with the paper's rate where legible), and per trait a gallery of its searches (figure 6) and a bias heatmap
/// of its successful LSE perturbations (figure 10), each x' rebuilt from the stored eps with the campaign's models. One
/// self-contained HTML file, its pictures embedded, beside the PNGs.
/// </summary>
public static class CelebaCampaignReport
{
    /// <summary>Writes report.html and its PNGs to <paramref name="directory"/>; returns the number of pictures.</summary>
    public static int Write(string campaignId, CampaignReportSource source, ModelLibrary library, string directory, Action<string> log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(library);
        var spec = source.Spec;
        var training = new CampaignTraining(source.ClassifierTraining, source.VaeTraining);
        Directory.CreateDirectory(directory);
        var inv = CultureInfo.InvariantCulture;
        var figures = new List<(string Title, string File)>();
        var rows = new List<TraitTableRow>();
        foreach (int d in spec.LatentSizes)
        {
            log($"loading the models of d = {d}");
            var latent = Checked(library, source, CampaignModels.Vae(spec, training, d), cancellationToken).Module as LatentModel
                ?? throw new InvalidOperationException($"The latent model of d = {d} is not a latent model.");
            foreach (string trait in CampaignModels.Traits(spec).OfType<string>())
            {
                cancellationToken.ThrowIfCancellationRequested();
                var classifier = CampaignModels.Classifier(spec, training, d, trait);
                Checked(library, source, classifier, cancellationToken);
                var test = library.Test(classifier, spec.TestLimit);
                if (source.Slices.Any(s => s.Trait == trait && s.LatentSize == d && s.DataSha256 is not null && s.DataSha256 != test.Sha256))
                {
                    throw new InvalidOperationException($"The CelebA test images or annotations on this silo differ from those the campaign was planned on ({trait}, SHA-256 {test.Sha256[..12]}): restore them to draw its report.");
                }

                foreach (var mode in spec.Modes)
                {
                    var records = source.Records.Where(r => r.Key.Trait == trait && r.Key.LatentSize == d && r.Key.Mode == mode).OrderBy(r => r.Ordinal).ToList();
                    var successes = records.Where(r => r.Success).ToList();
                    var norms = successes.Select(r => (double)r.EpsNorm).ToList();
                    rows.Add(new TraitTableRow(trait, mode.ToString().ToUpperInvariant(), d, records.Count, successes.Count, records.Count == 0 ? double.NaN : successes.Count / (double)records.Count,
                        ExperimentAggregates.Mean(norms), ExperimentAggregates.Median(norms)));
                    if (records.Count == 0 || records.Any(r => r.Eps is null))
                    {
                        continue;
                    }

                    log($"drawing {trait} {mode.ToString().ToUpperInvariant()} d = {d}");
                    if (records.FirstOrDefault(r => r.Eps!.Length != d || r.Key.Image < 0 || r.Key.Image >= test.Images.Count) is { } bad)
                    {
                        throw new InvalidOperationException($"Search {bad.Key} has {bad.Eps!.Length} eps values for d = {d}, or image {bad.Key.Image} outside the {test.Images.Count} test images on this silo: its records do not fit this campaign's data.");
                    }

                    // Only what is drawn is rebuilt: the gallery's first rows and, for LSE, every success (the heatmap).
                    var drawn = records.Where((r, i) => i < TraitFigures.GalleryRows || (mode == CampaignMode.Lse && r.Success)).ToList();
                    var replayed = Replay(latent, test, drawn, cancellationToken);
                    string slice = SliceNames.Of(mode, d, trait);
                    var gallery = drawn.Take(TraitFigures.GalleryRows).Zip(replayed, (r, x) => new GalleryRow(x.Original, x.Delta, x.Perturbed, test.Shape, r.InitialPrediction, r.FinalPrediction, r.Key.Target, r.Success,
                        string.Create(inv, $"#{r.Key.Image} steps {r.Steps} |eps| {r.EpsNorm:0.###}"))).ToList();
                    string galleryFile = $"gallery-{slice}.png";
                    TraitFigures.Gallery(Path.Combine(directory, galleryFile), $"{mode.ToString().ToUpperInvariant()} {trait}, d = {d}: {successes.Count} of {records.Count} searches succeeded{(records.Count > TraitFigures.GalleryRows ? $", the first {TraitFigures.GalleryRows} shown" : "")}",
                        trait, gallery, test.Shape, labelName: mode == CampaignMode.Lse ? "true" : "target");
                    figures.Add(($"{mode.ToString().ToUpperInvariant()} {trait}, d = {d}: the searches (x, x' - x, x', signed x' - x)", galleryFile));

                    var deltas = drawn.Zip(replayed, (r, x) => (r, x.Delta)).Where(t => t.r.Success).Select(t => t.Delta).ToList();
                    string biasFile = $"bias-{slice}.png";
                    if (mode == CampaignMode.Lse && TraitFigures.Bias(Path.Combine(directory, biasFile), $"mean x' - x of the successful LSE searches, {trait}, d = {d}", deltas, test.Shape))
                    {
                        figures.Add(($"LSE {trait}, d = {d}: the mean perturbation of the {deltas.Count} successes (faded where its 95 % bootstrap band contains 0)", biasFile));
                    }
                }
            }
        }

        WriteHtml(Path.Combine(directory, HtmlReport.FileName), campaignId, source, rows, figures, directory);
        return figures.Count;
    }

    /// <summary>The model <paramref name="spec"/> names, refused unless its weights are those the campaign ran with.</summary>
    private static LoadedModel Checked(ModelLibrary library, CampaignReportSource source, Models.ModelSpec spec, CancellationToken cancellationToken)
    {
        var model = library.Get(spec, cancellationToken: cancellationToken);
        if (source.ModelChecksums.TryGetValue(spec.Key, out var expected) && !string.Equals(expected, model.WeightsSha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"Model {spec.Key} on this silo has weights {model.WeightsSha256[..12]}, but the campaign ran with {expected[..Math.Min(12, expected.Length)]}: restore its checkpoint (or share the model directory) to draw its report.");
        }

        return model;
    }

    /// <summary>x, x' = g(z + eps) + x - g(z) and x' - x of each record, in batches, from its stored eps.</summary>
    private static List<(float[] Original, float[] Delta, float[] Perturbed)> Replay(LatentModel latent, TestData test, IReadOnlyList<SearchRecord> records, CancellationToken cancellationToken)
    {
        var device = latent.parameters().First().device;
        var result = new List<(float[], float[], float[])>(records.Count);
        latent.eval();
        using var noGrad = no_grad();
        foreach (var chunk in records.Chunk(64))
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var x = cat([.. chunk.Select(r => tensor(test.Images.Image(r.Key.Image)).reshape(test.Shape.Batch(1)))], 0).to(device);
            var eps = tensor(chunk.SelectMany(r => r.Eps!).ToArray()).reshape(chunk.Length, -1).to(device);
            var z = latent.EncodeMean(x);
            var perturbed = (latent.Decode(z + eps) + x - latent.Decode(z)).cpu();
            var original = x.cpu();
            for (int i = 0; i < chunk.Length; i++)
            {
                float[] xPrime = perturbed[i].data<float>().ToArray();
                float[] image = original[i].data<float>().ToArray();
                result.Add((image, [.. xPrime.Zip(image, (a, b) => a - b)], xPrime));
            }
        }

        return result;
    }

    private static void WriteHtml(string path, string campaignId, CampaignReportSource source, List<TraitTableRow> rows, List<(string Title, string File)> figures, string directory)
    {
        var inv = CultureInfo.InvariantCulture;
        var spec = source.Spec;
        var html = HtmlPage.Start($"Campaign {campaignId}");
        html.AppendLine(inv, $"<h1>Campaign {E(campaignId)}: {E(spec.Name)} on CelebA</h1>");
        html.AppendLine(inv, $"<p class=\"muted\">Dataset {E(spec.Dataset)}; {source.Records.Length:N0} searches ({source.Phase}); {E(spec.Search)} search; written {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC.</p>");
        html.AppendLine("<h2 id=\"table\">Results per trait</h2>");
        html.Append(TraitTable.Html(rows));
        html.AppendLine("<h2 id=\"figures\">Explanations and bias</h2>");
        foreach (var (title, file) in figures)
        {
            string data = Convert.ToBase64String(File.ReadAllBytes(Path.Combine(directory, file)));
            html.AppendLine(inv, $"<figure><img src=\"data:image/png;base64,{data}\" alt=\"{E(title)}\"><figcaption>{E(title)} ({E(file)})</figcaption></figure>");
        }

        html.AppendLine("<h2 id=\"configuration\">Configuration and models</h2>");
        html.AppendLine(inv, $"<pre>{E(System.Text.Json.JsonSerializer.Serialize(spec, Client.Campaigns.CampaignSpecJson.Json))}</pre>");
        html.AppendLine("<table><thead><tr><th class=\"l\">Model</th><th class=\"l\">SHA-256</th></tr></thead><tbody>");
        foreach (var (model, sha) in source.ModelChecksums.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            html.AppendLine(inv, $"<tr><td class=\"l\">{E(model)}</td><td class=\"l\"><code>{E(sha)}</code></td></tr>");
        }

        html.AppendLine("</tbody></table></body></html>");

        // Whole or not at all: the dashboard serves the file, and its presence marks the report as written.
        File.WriteAllText(path + ".tmp", html.ToString());
        File.Move(path + ".tmp", path, overwrite: true);
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
