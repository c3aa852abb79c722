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
        var size = new Option<int>("--size") { Description = "Side of the square images (a multiple of 16).", DefaultValueFactory = _ => 64 };
        var crop = new Option<int>("--crop") { Description = "Side of the centre square taken before resizing (0 = the short side).", DefaultValueFactory = _ => 0 };
        var latent = new Option<int>("--latent") { Description = "Latent size d of the convolutional VAE.", DefaultValueFactory = _ => 128 };
        var epochs = new Option<int>("--epochs") { Description = "Training epochs of both models.", DefaultValueFactory = _ => 20 };
        var batch = new Option<int>("--batch") { Description = "Images per training step.", DefaultValueFactory = _ => 64 };
        var limit = new Option<int>("--train-limit") { Description = "Train on the first N training images (0 = all).", DefaultValueFactory = _ => 0 };
        var seed = new Option<int>("--seed") { Description = "Seed of initialisation and shuffling.", DefaultValueFactory = _ => 0 };
        var output = new Option<string>("--output") { Description = "Folder for reconstructions.png, and per trait gallery-TRAIT.png and bias-TRAIT.png.", DefaultValueFactory = _ => Path.Combine("artifacts", "celeba") };
        var lseImages = new Option<int>("--lse-images") { Description = "Then LSE on up to N misclassified test images per trait (the paper's table 1: 100; 0 skips it).", DefaultValueFactory = _ => 100 };
        var search = new Option<string>("--search") { Description = "Search preset of the LSE searches: improved, paper or paper-mean.", DefaultValueFactory = _ => "improved" };
        var overrides = new Option<string?>("--search-overrides") { Description = "key=value search options, comma separated (as lse reproduce takes them)." };
        var command = new Command("train", "Train the paper's ten trait classifiers (one network, a logit per trait) and a convolutional VAE on the training partition; report test accuracy per trait and the reconstruction error; then explain each trait's mistakes with LSE (the paper's table 1).")
        {
            root, size, crop, latent, epochs, batch, limit, seed, output, lseImages, search, overrides,
        };
        command.SetAction(parse => CliRunner.Run(() =>
        {
            // Everything that can be refused is checked before hours of training.
            if (parse.GetValue(lseImages) is < 0 or > Core.Faces.TraitExplanation.MaxImagesPerTrait)
            {
                throw new ArgumentException($"--lse-images must be in 0..{Core.Faces.TraitExplanation.MaxImagesPerTrait} (got {parse.GetValue(lseImages)}).");
            }

            if (parse.GetValue(size) is < 16 or > 512 || parse.GetValue(size) % 16 != 0)
            {
                throw new ArgumentException($"--size must be a multiple of 16 in 16..512 for the convolutional VAE (got {parse.GetValue(size)}).");
            }

            var searchOptions = Core.Experiments.SearchPresets.Resolve(parse.GetValue(search)!, parse.GetValue(overrides), parse.GetValue(seed), Core.Search.SearchMode.Lse);
            Directory.CreateDirectory(parse.GetValue(output)!);
            using var data = CelebaDataset.Open(parse.GetValue(root)!, new CelebaOptions { ImageSize = parse.GetValue(size), Crop = parse.GetValue(crop) });
            var options = new Core.Training.TrainingOptions { Epochs = parse.GetValue(epochs), BatchSize = parse.GetValue(batch), TrainLimit = parse.GetValue(limit), Seed = parse.GetValue(seed) };
            var (net, vae) = Core.Training.Trainer.Seeded(options.Seed, () => (new Core.Faces.FaceTraitNet(CelebaFiles.PaperTraits, data.Shape.Height), new Core.Faces.ConvVae(parse.GetValue(latent), data.Shape.Height)));
            using var netOwner = net;
            using var vaeOwner = vae;
            var clock = Stopwatch.StartNew();
            double[] accuracy;
            double mse, traitSeconds, vaeSeconds;
            using (var progress = Progress.ConsoleProgress.ForConsole())
            {
                accuracy = Core.Faces.FaceTraining.TrainTraits(net, data, options, progress);
                traitSeconds = clock.Elapsed.TotalSeconds;
                clock.Restart();
                mse = Core.Faces.FaceTraining.TrainVae(vae, data, options, progress);
                vaeSeconds = clock.Elapsed.TotalSeconds;
            }

            var test = data.Indices(CelebaSplit.Test);
            var table = new Table().AddColumn("trait").AddColumn(new TableColumn("test accuracy").RightAligned()).AddColumn(new TableColumn("majority class").RightAligned());
            for (int t = 0; t < net.Traits.Count; t++)
            {
                int a = data.Annotations.AttributeIndex(net.Traits[t]);
                double share = test.Count(i => data.Annotations.Has(i, a)) / (double)Math.Max(1, test.Count);
                table.AddRow(net.Traits[t], accuracy[t].ToString("P1", s_inv), Math.Max(share, 1 - share).ToString("P1", s_inv));
            }

            AnsiConsole.Write(table.Title($"trait classifiers on {test.Count:N0} test images"));
            long trained = Math.Min(options.TrainLimit > 0 ? options.TrainLimit : int.MaxValue, data.Indices(CelebaSplit.Train).Count) * (long)options.Epochs;
            Console.WriteLine(string.Create(s_inv, $"Trait network: {traitSeconds:F1} s ({trained / traitSeconds:F0} training images/s). Conv VAE d = {vae.LatentSize}: test reconstruction MSE {mse:F4}, {vaeSeconds:F1} s ({trained / vaeSeconds:F0} training images/s)."));
            Directory.CreateDirectory(parse.GetValue(output)!);
            string path = Path.Combine(parse.GetValue(output)!, "reconstructions.png");
            ReconstructionSheet.Save(path, vae, data, [.. test.Take(8)]);
            Console.WriteLine($"Wrote {path}");
            if (parse.GetValue(lseImages) > 0)
            {
                clock.Restart();
                IReadOnlyList<Core.Faces.TraitResult> results;
                using (var progress = Progress.ConsoleProgress.ForConsole())
                {
                    results = Core.Faces.TraitExplanation.Run(net, vae, data, parse.GetValue(lseImages), searchOptions, parse.GetValue(output), progress);
                }

                Console.WriteLine();
                Console.WriteLine($"LSE per trait ({parse.GetValue(search)} search, up to {parse.GetValue(lseImages)} misclassified test images each, {clock.Elapsed.TotalSeconds:F1} s):");
                Console.WriteLine(Core.Faces.TraitExplanation.Table(results));
                Console.WriteLine($"Galleries and bias heatmaps per trait in {Path.GetFullPath(parse.GetValue(output)!)}");
            }
        }));
        return command;
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
