using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Orleans.Lse.Core.Data.Celeba;
using Orleans.Lse.Core.Figures;
using Spectre.Console;

namespace Orleans.Lse.Cli.Commands;

/// <summary><c>lse celeba fixture|inspect</c>: a copy of CelebA (or a generated one in its layout), checked and shown.</summary>
internal static class CelebaCommand
{
    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;

    public static Command Create()
    {
        var command = new Command("celeba", "CelebA in its own layout (img_align_celeba/, list_attr_celeba.txt, list_eval_partition.txt): check a copy, or generate a small one of drawn faces.");
        command.Subcommands.Add(Fixture());
        command.Subcommands.Add(Inspect());
        command.Subcommands.Add(Train());
        return command;
    }

    private static Command Fixture()
    {
        var output = new Argument<string>("output") { Description = "Folder to write the data set into." };
        var count = new Option<int>("--count") { Description = "Faces to draw (every tenth validation, the next test).", DefaultValueFactory = _ => 2000 };
        var seed = new Option<int>("--seed") { Description = "Seed of the drawn traits, colours and positions.", DefaultValueFactory = _ => 0 };
        var command = new Command("fixture", "Write faces drawn as simple shapes, with the paper's ten traits drawn where they belong, in CelebA's exact layout.") { output, count, seed };
        command.SetAction(parse => CliRunner.Run(() =>
        {
            string root = parse.GetValue(output)!;
            var clock = Stopwatch.StartNew();
            CelebaFixture.Write(root, parse.GetValue(count), parse.GetValue(seed));
            Console.WriteLine(string.Create(s_inv, $"Wrote {parse.GetValue(count)} faces in CelebA's layout to {Path.GetFullPath(root)} ({clock.Elapsed.TotalSeconds:F1} s)."));
        }));
        return command;
    }

    private static Command Train()
    {
        var root = new Argument<string>("root") { Description = "The folder holding img_align_celeba/ and the two annotation files." };
        var size = new Option<int>("--size") { Description = "Side of the square images (a multiple of 8; of 16 for --model vae).", DefaultValueFactory = _ => 64 };
        var crop = new Option<int>("--crop") { Description = "Side of the centre square taken before resizing (0 = the short side).", DefaultValueFactory = _ => 0 };
        var model = new Option<string>("--model") { Description = "The generative model: vaegan (the paper's VAE-GAN, its discriminator included) or vae (a convolutional VAE).", DefaultValueFactory = _ => "vaegan" };
        var latent = new Option<int>("--latent") { Description = "Latent size d (0 = the model's default: 1024 for vaegan, the paper's; 128 for vae).", DefaultValueFactory = _ => 0 };
        var width = new Option<int>("--width") { Description = "The VAE-GAN's width: channels of its first layer (the paper: 64), an even number in 4..512.", DefaultValueFactory = _ => 64 };
        var epochs = new Option<int>("--epochs") { Description = "Training epochs of both models.", DefaultValueFactory = _ => 20 };
        var batch = new Option<int>("--batch") { Description = "Images per training step.", DefaultValueFactory = _ => 64 };
        var limit = new Option<int>("--train-limit") { Description = "Train on the first N training images (0 = all).", DefaultValueFactory = _ => 0 };
        var seed = new Option<int>("--seed") { Description = "Seed of initialisation and shuffling.", DefaultValueFactory = _ => 0 };
        var output = new Option<string>("--output") { Description = "Folder for reconstructions.png, per trait gallery-TRAIT.png and bias-TRAIT.png, and the trained models (models/, reused by a later run with the same settings).", DefaultValueFactory = _ => Path.Combine("artifacts", "celeba") };
        var lseImages = new Option<int>("--lse-images") { Description = "Then LSE on up to N misclassified test images per trait (the paper's table 1: 100; 0 skips it).", DefaultValueFactory = _ => 100 };
        var search = new Option<string>("--search") { Description = "Search preset of the LSE searches: improved, paper or paper-mean.", DefaultValueFactory = _ => "improved" };
        var overrides = new Option<string?>("--search-overrides") { Description = "key=value search options, comma separated (as lse reproduce takes them)." };
        var device = CommonOptions.Device();
        var command = new Command("train", "Train the paper's ten trait classifiers (one network, a logit per trait) and a VAE-GAN (or a convolutional VAE) on the training partition, or load them when trained before with the same settings; report test accuracy per trait and the reconstruction error; then explain each trait's mistakes with LSE (the paper's table 1).")
        {
            root, size, crop, model, latent, width, epochs, batch, limit, seed, output, lseImages, search, overrides, device,
        };
        command.SetAction(parse => CliRunner.Run(() =>
        {
            // Everything that can be refused is checked before hours of training.
            if (parse.GetValue(lseImages) is < 0 or > Core.Faces.TraitExplanation.MaxImagesPerTrait)
            {
                throw new ArgumentException($"--lse-images must be in 0..{Core.Faces.TraitExplanation.MaxImagesPerTrait} (got {parse.GetValue(lseImages)}).");
            }

            var spec = GenerativeSpec(parse.GetValue(model)!, parse.GetValue(latent), parse.GetValue(width), parse.GetValue(size), parse.GetValue(batch));
            var searchOptions = Core.Experiments.SearchPresets.Resolve(parse.GetValue(search)!, parse.GetValue(overrides), parse.GetValue(seed), Core.Search.SearchMode.Lse);
            string outputDirectory = parse.GetValue(output)!;
            Directory.CreateDirectory(outputDirectory);
            using var data = CelebaDataset.Open(parse.GetValue(root)!, new CelebaOptions { ImageSize = parse.GetValue(size), Crop = parse.GetValue(crop) });
            var options = new Core.Training.TrainingOptions { Epochs = parse.GetValue(epochs), BatchSize = parse.GetValue(batch), TrainLimit = parse.GetValue(limit), Seed = parse.GetValue(seed) };
            var computeDevice = Core.Devices.ComputeDevice.Resolve(Core.Devices.ComputeDevice.Parse(parse.GetValue(device)!), Console.WriteLine);
            string models = Path.Combine(outputDirectory, "models");
            Core.Faces.FaceCheckpoint<Core.Faces.FaceTraitNet> traits;
            Core.Faces.FaceCheckpoint<Core.Models.LatentModel> generative;
            using (var progress = Progress.ConsoleProgress.ForConsole())
            {
                traits = Core.Faces.FaceModelRecipes.TraitNet(models, data, CelebaFiles.PaperTraits, options, computeDevice, progress);
                generative = Core.Faces.FaceModelRecipes.Generative(models, data, spec, options, computeDevice, progress);
            }

            using var netOwner = traits.Model;
            using var generativeOwner = generative.Model;
            var net = traits.Model;
            var test = data.Indices(CelebaSplit.Test);
            var table = new Table().AddColumn("trait").AddColumn(new TableColumn("test accuracy").RightAligned()).AddColumn(new TableColumn("majority class").RightAligned());
            foreach (string trait in net.Traits)
            {
                int a = data.Annotations.AttributeIndex(trait);
                double share = test.Count(i => data.Annotations.Has(i, a)) / (double)Math.Max(1, test.Count);
                table.AddRow(trait, traits.Metadata.Metrics[$"testAccuracy.{trait}"].ToString("P1", s_inv), Math.Max(share, 1 - share).ToString("P1", s_inv));
            }

            AnsiConsole.Write(table.Title($"trait classifiers on {test.Count:N0} test images"));
            long trained = Math.Min(options.TrainLimit > 0 ? options.TrainLimit : int.MaxValue, data.Indices(CelebaSplit.Train).Count) * (long)options.Epochs;
            Console.WriteLine(Describe("Trait network", traits.Metadata, traits.Path, traits.Loaded, trained));
            Console.WriteLine(Describe($"{generative.Model.GetName()} d = {generative.Model.LatentSize}", generative.Metadata, generative.Path, generative.Loaded, trained));
            string path = Path.Combine(outputDirectory, "reconstructions.png");
            ReconstructionSheet.Save(path, generative.Model, data, [.. test.Take(8)], options.Seed);
            Console.WriteLine($"Wrote {path}");
            if (parse.GetValue(lseImages) > 0)
            {
                var clock = Stopwatch.StartNew();
                IReadOnlyList<Core.Faces.TraitResult> results;
                using (var progress = Progress.ConsoleProgress.ForConsole())
                {
                    results = Core.Faces.TraitExplanation.Run(net, generative.Model, data, parse.GetValue(lseImages), searchOptions, outputDirectory, progress);
                }

                Console.WriteLine();
                Console.WriteLine($"LSE per trait ({parse.GetValue(search)} search, up to {parse.GetValue(lseImages)} misclassified test images each, {clock.Elapsed.TotalSeconds:F1} s):");
                Console.WriteLine(Core.Faces.TraitExplanation.Table(results));
                Console.WriteLine($"Galleries and bias heatmaps per trait in {Path.GetFullPath(outputDirectory)}");
            }
        }));
        return command;
    }

    /// <summary>The generative model --model, --latent, --width, --size and --batch ask for, refused with the option's name before any work.</summary>
    private static Core.Faces.FaceModelSpec GenerativeSpec(string model, int latent, int width, int size, int batch)
    {
        try
        {
            return Core.Faces.FaceModelRecipes.Generative(model, latent, width, size, batch);
        }
        catch (ArgumentException e)
        {
            string option = e.Message.Contains("latent size", StringComparison.Ordinal) ? "--latent"
                : e.Message.Contains("batch size", StringComparison.Ordinal) ? "--batch"
                : e.Message.Contains("image size", StringComparison.Ordinal) ? "--size"
                : e.Message.Contains("width", StringComparison.Ordinal) ? "--width" : "--model";
            throw new ArgumentException($"{option}: {e.Message}", e);
        }
    }

    private static string Describe(string name, Core.Checkpoints.CheckpointMetadata metadata, string path, bool loaded, long trainingImages)
    {
        string metrics = string.Join(", ", metadata.Metrics.Where(m => !m.Key.StartsWith("testAccuracy.", StringComparison.Ordinal)).Select(m => string.Create(s_inv, $"{m.Key} {m.Value:F4}")));
        string how = loaded
            ? string.Create(s_inv, $"loaded from {path} (trained in {metadata.TrainSeconds:F1} s)")
            : string.Create(s_inv, $"trained in {metadata.TrainSeconds:F1} s ({trainingImages / Math.Max(metadata.TrainSeconds, 1e-9):F0} training images/s), saved to {path}");
        return metrics.Length == 0 ? $"{name}: {how}." : $"{name}: {metrics}; {how}.";
    }
    private static Command Inspect()
    {
        var root = new Argument<string>("root") { Description = "The folder holding img_align_celeba/ and the two annotation files." };
        var size = new Option<int>("--size") { Description = "Side of the square images the models see.", DefaultValueFactory = _ => 64 };
        var crop = new Option<int>("--crop") { Description = "Side of the centre square taken before resizing (0 = the short side).", DefaultValueFactory = _ => 0 };
        var output = new Option<string>("--output") { Description = "Folder for samples.png.", DefaultValueFactory = _ => Path.Combine("artifacts", "celeba") };
        var command = new Command("inspect", "Check a copy (every annotation line, every listed image present), count images and the paper's ten traits per partition, and draw test images as the models see them.") { root, size, crop, output };
        command.SetAction(parse => CliRunner.Run(() =>
        {
            var clock = Stopwatch.StartNew();
            using var data = CelebaDataset.Open(parse.GetValue(root)!, new CelebaOptions { ImageSize = parse.GetValue(size), Crop = parse.GetValue(crop) });
            Console.WriteLine(string.Create(s_inv, $"{data.Annotations.Count:N0} images, {data.Annotations.Attributes.Count} attributes, annotations checked in {clock.Elapsed.TotalSeconds:F1} s."));
            var splits = Enum.GetValues<CelebaSplit>().ToDictionary(s => s, data.Indices);
            var table = new Table().AddColumn("trait");
            foreach (var s in splits)
            {
                table.AddColumn(new TableColumn($"{s.Key} ({s.Value.Count:N0})").RightAligned());
            }

            foreach (string trait in CelebaFiles.PaperTraits)
            {
                int a = data.Annotations.AttributeIndex(trait);
                table.AddRow([trait, .. splits.Values.Select(ix => ix.Count == 0 ? "-" : (ix.Count(i => data.Annotations.Has(i, a)) / (double)ix.Count).ToString("P1", s_inv))]);
            }

            AnsiConsole.Write(table.Title("share of images with each trait"));
            var shown = splits[CelebaSplit.Test].Take(32).ToList();
            Directory.CreateDirectory(parse.GetValue(output)!);
            string path = Path.Combine(parse.GetValue(output)!, "samples.png");
            clock.Restart();
            data.Images(shown).Dispose();
            double seconds = clock.Elapsed.TotalSeconds;
            TraitSampleSheet.Save(path, $"CelebA test images at {data.Shape.Height}x{data.Shape.Width}", data, shown, CelebaFiles.PaperTraits);
            Console.WriteLine(string.Create(s_inv, $"Decoded {shown.Count} images in {seconds:F2} s ({shown.Count / Math.Max(seconds, 1e-9):F0} images/s, {Environment.ProcessorCount} cores); wrote {path}"));
        }));
        return command;
    }
}
