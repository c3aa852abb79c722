using System.CommandLine;
using System.Globalization;
using Orleans.Lse.Core.Data;
using Orleans.Lse.Core.UserModels;
using Spectre.Console;

namespace Orleans.Lse.Cli.Commands;

/// <summary><c>lse model add|list|show|remove</c>: users' TorchScript models in the registry.</summary>
internal static class ModelCommand
{
    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;

    public static Command Create()
    {
        var command = new Command("model", "Register, list, show and remove your own TorchScript models (a manifest.json beside the files).");
        command.Subcommands.Add(Add());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Show());
        command.Subcommands.Add(Remove());
        return command;
    }

    /// <summary>--registry: where registered models live.</summary>
    public static Option<string?> Registry() => new("--registry")
    {
        Description = "The model registry's folder (default: user-models/ in the cache folder).",
    };

    public static string RegistryDirectory(ParseResult parse, Option<string?> registry, Option<string> cache) =>
        parse.GetValue(registry) ?? UserModelRegistry.DefaultDirectory(parse.GetValue(cache)!);

    public static Option<double?> MaxReconstructionError() => new("--max-reconstruction-error")
    {
        Description = $"Largest mean squared reconstruction error g(e(x)) vs x (pixels in [0, 1]) accepted; default the manifest's, else {ModelManifest.DefaultMaxReconstructionError}.",
    };

    private static Command Add()
    {
        var manifest = new Argument<string>("manifest") { Description = "The model's manifest.json (its files are relative to it)." };
        var id = new Option<string?>("--id") { Description = "The id to register it as (default: its name, lower case)." };
        var data = new Option<string?>("--data") { Description = "Images (ImageFolder or CSV) to measure the reconstruction error on (256 spread over them)." };
        var maxError = MaxReconstructionError();
        var cache = CommonOptions.Cache();
        var registry = Registry();
        var command = new Command("add", "Check a model (files, shapes, finite outputs, gradient to the latent, reconstruction) and register it.") { manifest, id, data, maxError, cache, registry };
        command.SetAction(parse => CliRunner.Run(() =>
        {
            string path = parse.GetValue(manifest)!;
            TorchSharp.torch.Tensor? sample = null;
            if (parse.GetValue(data) is { } folder)
            {
                var m = ModelManifest.Load(path);
                sample = ImageFolderLoader.Load(folder, m.ImageShape, m.ClassNames, sample: ModelValidator.SampleImages).ToTensor();
            }

            using (sample)
            {
                var model = new UserModelRegistry(RegistryDirectory(parse, registry, cache)).Add(path, parse.GetValue(id), sample, parse.GetValue(maxError));
                Console.WriteLine($"Registered {model.Id} in {model.Directory}");
                Print(model);
            }
        }));
        return command;
    }

    private static Command List()
    {
        var cache = CommonOptions.Cache();
        var registry = Registry();
        var command = new Command("list", "The registered models.") { cache, registry };
        command.SetAction(parse => CliRunner.Run(() =>
        {
            var models = new UserModelRegistry(RegistryDirectory(parse, registry, cache)).List();
            if (models.Count == 0)
            {
                Console.WriteLine("No models registered; add one with: lse model add path/to/manifest.json");
                return;
            }

            var table = new Table().AddColumns("id", "name", "image", "classes", "d", "reconstruction MSE", "registered");
            foreach (var m in models)
            {
                table.AddRow(Markup.Escape(m.Id), Markup.Escape(m.Name), m.Manifest!.ImageShape.ToString(), m.Check.ClassCount.ToString(s_inv), m.Check.LatentSize.ToString(s_inv),
                    m.Check.ReconstructionError?.ToString("0.####", s_inv) ?? "-", m.RegisteredUtc.ToString("yyyy-MM-dd HH:mm", s_inv));
            }

            AnsiConsole.Write(table);
        }));
        return command;
    }

    private static Command Show()
    {
        var id = new Argument<string>("id") { Description = "The model's id." };
        var cache = CommonOptions.Cache();
        var registry = Registry();
        var command = new Command("show", "A registered model's manifest, files, checksums and checks.") { id, cache, registry };
        command.SetAction(parse => CliRunner.Run(() => Print(new UserModelRegistry(RegistryDirectory(parse, registry, cache)).Get(parse.GetValue(id)!))));
        return command;
    }

    private static Command Remove()
    {
        var id = new Argument<string>("id") { Description = "The model's id." };
        var cache = CommonOptions.Cache();
        var registry = Registry();
        var command = new Command("remove", "Remove a registered model (its copy in the registry; your files stay).") { id, cache, registry };
        command.SetAction(parse => CliRunner.Run(() =>
        {
            string model = parse.GetValue(id)!;
            new UserModelRegistry(RegistryDirectory(parse, registry, cache)).Remove(model);
            Console.WriteLine($"Removed {model}.");
        }));
        return command;
    }

    private static void Print(RegisteredModel model)
    {
        var m = model.Manifest!;
        Console.WriteLine($"  id          {model.Id}");
        Console.WriteLine($"  name        {model.Name}");
        Console.WriteLine($"  images      {m.ImageShape}, values [{m.ValueRange.Low.ToString(s_inv)}, {m.ValueRange.High.ToString(s_inv)}]{(m.Normalization is { } n ? $", classifier normalised by mean [{string.Join(", ", n.Mean.Select(v => v.ToString(s_inv)))}] std [{string.Join(", ", n.Std.Select(v => v.ToString(s_inv)))}]" : "")}");
        Console.WriteLine($"  classes     {string.Join(", ", m.ClassNames)}");
        Console.WriteLine($"  latent      d = {m.LatentSize}, encoder returns {(m.EncoderOutput == EncoderOutput.MeanLogVar ? "(mean, log-variance)" : "the mean")}");
        Console.WriteLine($"  checks      reconstruction MSE {(model.Check.ReconstructionError is { } e ? $"{e.ToString("0.####", s_inv)} on {model.Check.SampleImages} images" : "not measured (no --data)")}, limit {m.MaxReconstructionError.ToString(s_inv)}; mean |dloss/dz| {model.Check.LatentGradient.ToString("0.####", s_inv)}");
        foreach (var f in model.Files)
        {
            Console.WriteLine($"  file        {f.Path} ({f.Bytes.ToString("N0", s_inv)} bytes) sha256 {f.Sha256}");
        }

        Console.WriteLine($"  registered  {model.RegisteredUtc.ToString("u", s_inv)} from {model.Source}");
    }
}
