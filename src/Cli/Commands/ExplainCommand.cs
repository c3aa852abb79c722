using System.CommandLine;
using Orleans.Lse.Cli.Progress;
using Orleans.Lse.Core.Devices;
using Orleans.Lse.Core.Experiments;
using Orleans.Lse.Core.Explaining;

namespace Orleans.Lse.Cli.Commands;

/// <summary><c>lse explain</c>: a registered model's mistakes on your images, explained.</summary>
internal static class ExplainCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "The registered model's id (lse model list).", Required = true };
        var data = new Option<string>("--data") { Description = "Your labelled images: an ImageFolder root (ROOT/CLASS/IMAGE.png) or a CSV of path,label rows.", Required = true };
        var output = new Option<string?>("--output") { Description = "Directory for the results (default artifacts/explain/MODEL)." };
        var limit = new Option<int>("--limit") { Description = "Read only the first N images (0 = all).", DefaultValueFactory = _ => 0 };
        var lseImages = new Option<int>("--lse-images") { Description = "Most misclassified images to explain (0 = all).", DefaultValueFactory = _ => 100 };
        var laeImages = new Option<int>("--lae-images") { Description = "Correctly classified images to push to every other class (LAE; 0 = none).", DefaultValueFactory = _ => 0 };
        var search = new Option<string>("--search") { Description = "Search preset: improved, paper or paper-mean.", DefaultValueFactory = _ => "improved" };
        search.AcceptOnlyFromAmong([.. SearchPresets.Names]);
        var overrides = new Option<string?>("--search-overrides") { Description = "Overrides of the preset, e.g. \"budget=400,restarts=8\"." };
        var galleryRows = new Option<int>("--gallery-rows") { Description = "Searches per PNG gallery (0 = none).", DefaultValueFactory = _ => 40 };
        var report = new Option<bool>("--report") { Description = "Draw the figures, export the edge cases and write report.html.", DefaultValueFactory = _ => true };
        var npy = new Option<bool>("--npy") { Description = "Write x, x', x' - x and eps as .npy arrays.", DefaultValueFactory = _ => true };
        var maxError = ModelCommand.MaxReconstructionError();
        var device = CommonOptions.Device();
        var cache = CommonOptions.Cache();
        var seed = CommonOptions.Seed();
        var registry = ModelCommand.Registry();
        var command = new Command("explain", "Explain a registered model's mistakes on your images (LSE; LAE optional): tables, galleries, report, .npy arrays.")
        {
            model, data, output, limit, lseImages, laeImages, search, overrides, galleryRows, report, npy, maxError, device, cache, seed, registry,
        };
        command.SetAction((parse, cancellationToken) => Task.FromResult(CliRunner.Run(() =>
        {
            string id = parse.GetValue(model)!;
            var options = new ExplainOptions
            {
                ModelId = id,
                DataPath = parse.GetValue(data)!,
                RegistryDirectory = ModelCommand.RegistryDirectory(parse, registry, cache),
                OutputDirectory = parse.GetValue(output) ?? Path.Combine("artifacts", "explain", id),
                Device = ComputeDevice.Parse(parse.GetValue(device)!),
                ImageLimit = parse.GetValue(limit),
                LseImages = parse.GetValue(lseImages),
                LaeImages = parse.GetValue(laeImages),
                Search = parse.GetValue(search)!,
                SearchOverrides = parse.GetValue(overrides),
                Seed = parse.GetValue(seed),
                GalleryRows = parse.GetValue(galleryRows),
                Report = parse.GetValue(report),
                Npy = parse.GetValue(npy),
                MaxReconstructionError = parse.GetValue(maxError),
            };
            ExplanationReport result;
            using (var progress = ConsoleProgress.ForConsole())
            {
                result = new ModelExplanation(options, progress, progress.Log).Run(cancellationToken);
            }

            Console.WriteLine();
            Console.WriteLine(ModelExplanation.Summary(result));
            Console.WriteLine($"Results in {Path.GetFullPath(options.OutputDirectory)} (report.json, searches.csv, summary.txt, gallery-*.png{(options.Npy ? ", *.npy" : "")}{(options.Report ? ", report.html, figures/, edge-cases/" : "")})");
        })));
        return command;
    }
}
