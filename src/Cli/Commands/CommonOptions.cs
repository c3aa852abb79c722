using System.CommandLine;
using Orleans.Lse.Core.Data;
using Orleans.Lse.Core.Devices;

namespace Orleans.Lse.Cli.Commands;

/// <summary>Options shared by the commands.</summary>
internal static class CommonOptions
{
    public static Option<string> Device() => new("--device")
    {
        Description = "cpu, cuda or auto (CUDA when a CUDA libtorch is loadable, else CPU).",
        DefaultValueFactory = _ => "auto",
        Validators =
        {
            r =>
            {
                try
                {
                    ComputeDevice.Parse(r.GetValueOrDefault<string>() ?? string.Empty);
                }
                catch (ArgumentException ex)
                {
                    r.AddError(ex.Message);
                }
            },
        },
    };

    public static Option<string> Cache() => new("--cache")
    {
        Description = "Cache of datasets and model checkpoints ($LSE_CACHE or ./.cache).",
        DefaultValueFactory = _ => DatasetCatalog.DefaultCacheDirectory,
    };

    public static Option<string> Dataset() => new("--dataset")
    {
        Description = "mnist, fashion-mnist, or a directory holding IDX files (raw or .gz).",
        DefaultValueFactory = _ => "mnist",
    };

    public static Option<int> Seed() => new("--seed")
    {
        Description = "Seed of training and restarts.",
        DefaultValueFactory = _ => 0,
    };
}
