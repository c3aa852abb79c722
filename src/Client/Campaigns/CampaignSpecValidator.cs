using Orleans.Lse.Core.Data;
using Orleans.Lse.Core.Experiments;
using Orleans.Lse.Core.Models;
using Orleans.Lse.Core.Search;
using Orleans.Lse.Grains.Campaigns;

namespace Orleans.Lse.Client.Campaigns;

/// <summary>Checks a campaign spec; each error names the field.</summary>
public static class CampaignSpecValidator
{
    private static readonly string[] KnownNames = [KnownDatasets.Mnist, KnownDatasets.FashionMnist];

    /// <summary>Longest campaign name.</summary>
    public const int MaxNameLength = 200;

    /// <summary>Longest dataset name or path.</summary>
    public const int MaxDatasetLength = 1024;

    /// <summary>Largest latent size d: a 4096-D MLP VAE is tens of MB; beyond that a spec is a mistake, not an experiment.</summary>
    public const int MaxLatentSize = 4096;

    /// <summary>Most training epochs (on MNIST on a small CPU, about three hours).</summary>
    public const int MaxTrainingEpochs = 1000;

    /// <summary>Largest image count or limit.</summary>
    public const int MaxImages = 100_000_000;

    /// <summary>Most memory one block's searches may need (<see cref="SearchMemory.BlockBytes"/>): 8 GiB.</summary>
    public const long MaxBlockBytes = 8L << 30;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first invalid field of <paramref name="spec"/>.</summary>
    /// <param name="spec">The spec.</param>
    /// <param name="imageShape">
    /// The images' shape, for the memory a block needs: MNIST's for the paper's models; for a user model, its manifest's
    /// (known where the model is registered; null skips that check).
    /// </param>
    public static void Validate(CampaignSpec spec, ImageShape? imageShape = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Name is null || spec.Name.Length > MaxNameLength || spec.Name.Any(char.IsControl))
        {
            throw Bad("name", $"must be at most {MaxNameLength} characters without control characters (got {(spec.Name is null ? "null" : $"{spec.Name.Length} characters")})");
        }

        if (string.IsNullOrWhiteSpace(spec.Dataset))
        {
            throw Bad("dataset", "must not be empty");
        }

        // A directory is resolved and checked on the silo that uses it (inside its dataset roots), never here.
        if (spec.Dataset.Length > MaxDatasetLength || spec.Dataset.Any(char.IsControl))
        {
            throw Bad("dataset", $"must be {string.Join(", ", KnownNames)} or a directory path of at most {MaxDatasetLength} characters without control characters");
        }

        if (spec.Classifier is not ("cnn" or "vae-head"))
        {
            throw Bad("classifier", $"unknown classifier '{spec.Classifier}': use cnn or vae-head");
        }

        if (spec.Vae is not (null or "mlp" or "conv"))
        {
            throw Bad("vae", $"must be mlp (the paper's MLP VAE) or conv (a convolutional VAE), or left out (got '{Shown(spec.Vae)}')");
        }

        if ((spec.Vae == "conv" && spec.Classifier == "vae-head") || (spec.Vae is not null && (spec.Model is not null || spec.IsCeleba)))
        {
            throw Bad("vae", "applies to the paper's datasets (conv with the CNN classifier: the vae-head classifier sits on the MLP VAE's encoder); a registered model and CelebA bring their own latent models");
        }

        if (spec.Model is { } model)
        {
            if (!Core.UserModels.UserModelRegistry.IsValidId(model))
            {
                throw Bad("model", "must be a registered model's id: 1 to 64 of a-z, 0-9, '.', '_', '-', starting with a letter or digit (lse model list shows them)");
            }

            // The registered model is explained as it is: nothing of the paper's models applies.
            if (spec.Classifier != "cnn" || spec.TrainingEpochs != 0 || spec.TrainLimit != 0)
            {
                throw Bad("model", "a campaign on a registered model trains nothing: leave classifier, trainingEpochs and trainLimit out");
            }

            if (spec.LatentSizes is { Length: > 1 })
            {
                throw Bad("latentSizes", $"model '{model}' has one latent size: give it alone, as [d] (lse model show {model} says d)");
            }
        }

        if (spec.LatentSizes is null || spec.LatentSizes.Length == 0)
        {
            throw Bad("latentSizes", "needs at least one latent size");
        }

        for (int i = 0; i < spec.LatentSizes.Length; i++)
        {
            if (spec.LatentSizes[i] is < 1 or > MaxLatentSize)
            {
                throw Bad($"latentSizes[{i}]", $"d must be in 1..{MaxLatentSize} (got {spec.LatentSizes[i]})");
            }
        }

        if (spec.LatentSizes.Distinct().Count() != spec.LatentSizes.Length)
        {
            throw Bad("latentSizes", "lists a latent size twice");
        }

        CheckCeleba(spec);
        if (spec.Modes is null || spec.Modes.Length == 0 || spec.Modes.Distinct().Count() != spec.Modes.Length || spec.Modes.Any(m => !Enum.IsDefined(m)))
        {
            throw Bad("modes", "needs LSE and/or LAE, each once");
        }

        foreach (var (field, value) in new[] { ("lseImages", spec.LseImages), ("laeImages", spec.LaeImages), ("testLimit", spec.TestLimit), ("trainLimit", spec.TrainLimit) })
        {
            if (value is < 0 or > MaxImages)
            {
                throw Bad(field, $"must be in 0..{MaxImages} (got {value})");
            }
        }

        if (spec.TrainingEpochs is < 0 or > MaxTrainingEpochs)
        {
            throw Bad("trainingEpochs", $"must be in 0..{MaxTrainingEpochs} (0 = the paper's; got {spec.TrainingEpochs})");
        }

        if (spec.BlockSize is < 1 or > 65536)
        {
            throw Bad("blockSize", $"must be in 1..65536 (got {spec.BlockSize})");
        }

        foreach (var mode in spec.Modes)
        {
            SearchOptions options;
            try
            {
                options = SearchPresets.Resolve(spec.Search, spec.SearchOverrides, spec.Seed, mode == CampaignMode.Lae ? SearchMode.Lae : SearchMode.Lse);
            }
            catch (ArgumentException e)
            {
                throw Bad("search/searchOverrides", e.Message);
            }

            // Known datasets are 28x28; a directory of IDX files is checked when it is loaded; a user model's shape is known
            // where it is registered; faces are RGB at the spec's size.
            var faces = spec.IsCeleba ? spec.FaceModel ?? new FaceModelChoice() : null;
            if ((imageShape ?? (faces is not null ? new ImageShape(3, faces.ImageSize, faces.ImageSize) : spec.Model is null ? ImageShape.Mnist : null)) is not { } shape)
            {
                continue;
            }

            long bytes = spec.LatentSizes.Max(d => SearchMemory.BlockBytes(shape, d, spec.BlockSize, options));
            if (bytes > MaxBlockBytes)
            {
                throw Bad("blockSize/search", $"a block of {spec.BlockSize} searches would need about {bytes / (double)(1L << 30):0.#} GiB, more than the {MaxBlockBytes >> 30} GiB a block may use: lower blockSize, the latent size or the trajectory");
            }
        }
    }

    /// <summary>Most traits a CelebA campaign names (CelebA has 40 attributes).</summary>
    public const int MaxTraits = 40;

    /// <summary>A CelebA campaign's fields: its traits (names as CelebA's attributes have them), face models and sizes; and that no other campaign has them.</summary>
    private static void CheckCeleba(CampaignSpec spec)
    {
        if (spec.DatasetKind is not (null or "celeba"))
        {
            throw Bad("datasetKind", $"must be celeba or left out (got '{Shown(spec.DatasetKind)}')");
        }

        if (!spec.IsCeleba)
        {
            if (spec.Traits is not null || spec.FaceModel is not null)
            {
                throw Bad(spec.Traits is not null ? "traits" : "faceModel", "applies to CelebA only: add \"datasetKind\": \"celeba\"");
            }

            return;
        }

        if (KnownNames.Contains(spec.Dataset, StringComparer.OrdinalIgnoreCase))
        {
            throw Bad("dataset", "a CelebA campaign needs the directory of a copy of CelebA (img_align_celeba/ and its two annotation files), not a known dataset");
        }

        if (spec.Model is not null || spec.Classifier != "cnn")
        {
            throw Bad(spec.Model is not null ? "model" : "classifier", "a CelebA campaign trains its own face models (faceModel) and trait network: leave model and classifier out");
        }

        if (spec.Traits is { } traits)
        {
            if (traits.Length is 0 or > MaxTraits || traits.Distinct(StringComparer.Ordinal).Count() != traits.Length)
            {
                throw Bad("traits", $"needs 1 to {MaxTraits} traits, each once (left out: the paper's ten)");
            }

            for (int i = 0; i < traits.Length; i++)
            {
                if (traits[i] is not { Length: > 0 and <= 64 } trait || !trait.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
                {
                    throw Bad($"traits[{i}]", $"must be a CelebA attribute name such as Male or Wearing_Necktie (letters, digits, '_'; got '{Shown(traits[i])}')");
                }
            }
        }

        var face = spec.FaceModel ?? new FaceModelChoice();
        if (face.Kind is null || face.Crop is < 0 or > 4096 || face.BatchSize is < 1 or > 4096)
        {
            throw Bad("faceModel", $"kind must be vaegan or vae, crop in 0..4096, batchSize in 1..4096 (got {Shown(face.Kind)}, {face.Crop}, {face.BatchSize})");
        }

        foreach (int d in spec.LatentSizes ?? [])
        {
            try
            {
                Core.Faces.FaceModelRecipes.Generative(face.Kind, d, face.Width, face.ImageSize, face.BatchSize);
            }
            catch (ArgumentException e)
            {
                throw Bad("faceModel", e.Message.TrimEnd('.'));
            }
        }
    }

    private static string Shown(string? value) => value is null ? "null" : value.Length > 40 ? value[..40] + "..." : new string([.. value.Select(c => char.IsControl(c) ? '?' : c)]);

    private static ArgumentException Bad(string field, string problem) => new($"Campaign spec field '{field}': {problem}.");
}
