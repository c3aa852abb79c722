using System.Text.Json;
using Orleans.Lse.Core.Experiments;
using Orleans.Lse.Core.Models;
using Orleans.Lse.Core.Reports;
using Orleans.Lse.Core.Search;
using Orleans.Lse.Grains.Compute;
using static TorchSharp.torch;

namespace Orleans.Lse.Grains.Campaigns;

/// <summary>Turns a campaign's report source into the core's report input (models and images from this silo) and writes the report.</summary>
internal static class CampaignReportInput
{
    /// <summary>Most failed 2-D searches the grid oracle checks for the local-minima figure.</summary>
    private const int OracleSearches = 60;

    public static ReportContent Build(string campaignId, CampaignReportSource source, ModelLibrary library, string directory, Action<string> log, CancellationToken cancellationToken, Uri? dashboardPage = null)
    {
        var spec = source.Spec;
        var training = new CampaignTraining(source.ClassifierTraining, source.VaeTraining) { UserModelFingerprint = source.UserModelFingerprint };
        // Models first, outside any dispose scope: the library keeps what it loads for every later search on this silo,
        // and a module loaded inside a scope would have its weights disposed with it.
        var sizes = source.Slices.Select(s => s.LatentSize).Distinct().Order().ToList();
        var latents = new List<ReportLatent>();
        foreach (int d in sizes)
        {
            log($"loading the models of d = {d}");
            var classifier = library.Get(CampaignModels.Classifier(spec, training, d)).Module as ImageClassifier
                ?? throw new InvalidOperationException($"The classifier of d = {d} is not an image classifier.");
            var vae = library.Get(CampaignModels.Vae(spec, training, d)).Module as LatentModel
                ?? throw new InvalidOperationException($"The VAE of d = {d} is not a latent model.");
            latents.Add(new ReportLatent(d, classifier, vae));
        }

        var test = library.Test(CampaignModels.Classifier(spec, training, sizes[0]), spec.TestLimit);
        if (source.Slices.Select(s => s.DataSha256).FirstOrDefault(planned => planned is not null && planned != test.Sha256) is { } changed)
        {
            throw new InvalidOperationException($"The test images of dataset '{spec.Dataset}' on this silo differ from those the campaign was planned on (SHA-256 {test.Sha256[..12]}, planned {changed[..Math.Min(12, changed.Length)]}): restore them to draw its report.");
        }

        using var scope = NewDisposeScope();
        var images = test.ToTensor();
        var shape = test.Shape;
        var cache = new System.Collections.Concurrent.ConcurrentDictionary<int, float[]>();
        float[] Image(int row)
        {
            if (row < 0 || row >= images.shape[0])
            {
                throw new InvalidOperationException($"A stored search names test image {row}, but the data set has {images.shape[0]} test images.");
            }

            return cache.GetOrAdd(row, r =>
            {
                using var row = images[r];
                using var image = row.flatten();
                return image.data<float>().ToArray();
            });
        }

        var options = new Dictionary<(string, SearchMode, int), SearchOptions>();
        var classes = new Dictionary<(CampaignMode, int), int>();
        foreach (var slice in source.Slices)
        {
            int count = source.Records.Count(r => r.Key.Mode == slice.Mode && r.Key.LatentSize == slice.LatentSize);
            options[(spec.Search, slice.Mode.ToSearchMode(), slice.LatentSize)] = slice.SearchOptions is { } json
                ? StoredOptions.Search(json)
                : SearchPresets.Resolve(spec.Search, spec.SearchOverrides, spec.Seed, slice.Mode.ToSearchMode(), count);
            classes[(slice.Mode, slice.LatentSize)] = slice.Classes > 0 ? slice.Classes : 10;
        }

        var searches = source.Records.Select(r => new ReportSearch
        {
            Variant = spec.Search,
            Mode = r.Key.Mode.ToSearchMode(),
            LatentSize = r.Key.LatentSize,
            // The ids the campaign's blocks gave the engine, so that a replay draws the same restarts.
            Id = r.Key.Mode == CampaignMode.Lse ? r.Key.Image : ImageSelection.LaeId(r.Key.Image, r.Key.Target, classes.GetValueOrDefault((r.Key.Mode, r.Key.LatentSize), 10)),
            ImageRow = r.Key.Image,
            TrueLabel = r.TrueLabel,
            Target = r.Key.Target,
            InitialPrediction = r.InitialPrediction,
            FinalPrediction = r.FinalPrediction,
            Success = r.Success,
            StopReason = r.StopReason,
            Steps = r.Steps,
            Restarts = r.Restarts,
            EpsNorm = r.EpsNorm,
            Eps = r.Eps ?? [],
        }).ToList();

        var oracle = new Dictionary<long, OracleResult>();
        if (latents.FirstOrDefault(l => l.LatentSize == 2) is { } flat)
        {
            var failed = searches.Where(s => s.LatentSize == 2 && !s.Success).OrderBy(s => s.Mode).ThenBy(s => s.Id).Take(OracleSearches).ToList();
            if (failed.Count > 0)
            {
                log($"grid oracle on {failed.Count} failed searches of d = 2");
                var grid = new LatentGridOracle(flat.Classifier, flat.Latent, library.Device);
                double radius = options.Where(o => o.Key.Item3 == 2).Select(o => o.Value.RadiusFor(2)).DefaultIfEmpty(SearchOptions.Improved.RadiusFor(2)).Max();
                var items = failed.Select(s => new SearchItem(s.Id, s.ImageRow, s.TrueLabel, s.Target, s.Mode)).ToList();
                foreach (var result in grid.Run(images, items, radius, cancellationToken: cancellationToken))
                {
                    oracle[result.Id] = result;
                }
            }
        }

        var models = CampaignModels.All(spec, training)
            .Select(m => new ReportModel(m.Role.ToString(), m.Key, m.LatentSize, source.ModelChecksums.GetValueOrDefault(m.Key, "")))
            .ToList();
        var input = new ReportInput
        {
            Title = $"Campaign {campaignId} ({spec.Name})",
            Dataset = spec.Model is null ? spec.Dataset : $"{spec.Dataset} (model {spec.Model})",
            DatasetChecksum = test.Sha256,
            // The paper's figures are for its own models; a user model's campaign has none to compare with.
            Published = spec.Model is null ? PaperFigures.For(spec.Dataset) : null,
            ClassNames = test.ClassNames,
            Shape = shape,
            Image = Image,
            Searches = searches,
            Latents = latents,
            Options = options,
            Oracle = oracle,
            Models = models,
            ConfigurationJson = JsonSerializer.Serialize(new
            {
                campaign = campaignId,
                phase = source.Phase.ToString(),
                spec,
                searchOptions = options.Select(o => new { variant = o.Key.Item1, mode = o.Key.Item2.ToString(), d = o.Key.Item3, options = o.Value }),
            }, new JsonSerializerOptions { WriteIndented = true }),
            Device = library.Device,
            Seed = spec.Seed,
            DashboardUrl = dashboardPage?.ToString(),
        };
        return new ReportBuilder(input, log).Write(directory, cancellationToken);
    }
}
