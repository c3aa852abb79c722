namespace Orleans.Lse.Grains.Campaigns;

/// <summary>
/// A campaign: datasets x latent sizes x modes, with the paper's image selection (LSE on misclassified test images, LAE on
/// correctly classified ones x every other class). Submitted as JSON by the CLI; validated by the experiment grain.
/// </summary>
[GenerateSerializer, Alias("lse.CampaignSpec")]
public sealed record CampaignSpec
{
    /// <summary>A name for people; not an identity.</summary>
    [Id(0)] public string Name { get; init; } = "campaign";

    /// <summary>mnist, fashion-mnist, or a directory of IDX files.</summary>
    [Id(1)] public string Dataset { get; init; } = "mnist";

    /// <summary>cnn (default) or vae-head (the paper's classifier on the frozen encoder of each d).</summary>
    [Id(2)] public string Classifier { get; init; } = "cnn";

    /// <summary>Latent sizes d. Default 2 and 10.</summary>
    [Id(3)] public int[] LatentSizes { get; init; } = [2, 10];

    /// <summary>Modes to run. Default both.</summary>
    [Id(4)] public CampaignMode[] Modes { get; init; } = [CampaignMode.Lse, CampaignMode.Lae];

    /// <summary>LSE on the first N misclassified test images (0 = all of them).</summary>
    [Id(5)] public int LseImages { get; init; }

    /// <summary>LAE on the first N correctly classified test images, each pushed to the 9 other classes. Default 100.</summary>
    [Id(6)] public int LaeImages { get; init; } = 100;

    /// <summary>Use only the first N test images (0 = all).</summary>
    [Id(7)] public int TestLimit { get; init; }

    /// <summary>paper (plain GD, lambda 0.1 on each search's CE), paper-mean (lambda 0.1 on the batch-mean CE of the paper's experiments) or improved.</summary>
    [Id(8)] public string Search { get; init; } = "paper";

    /// <summary>key=value overrides of the search options, comma separated (as the CLI's --search option).</summary>
    [Id(9)] public string SearchOverrides { get; init; } = "";

    /// <summary>Seed of the searches' restart directions.</summary>
    [Id(10)] public int Seed { get; init; }

    /// <summary>Training epochs of the classifier and VAEs (0 = the reproduction's defaults).</summary>
    [Id(11)] public int TrainingEpochs { get; init; }

    /// <summary>Train on the first N training images (0 = all).</summary>
    [Id(12)] public int TrainLimit { get; init; }

    /// <summary>
    /// Searches per work block. A block always runs as one batch of the same searches, so its results do not depend on
    /// when or where it runs (a resumed campaign equals an uninterrupted one). Default 256.
    /// </summary>
    [Id(13)] public int BlockSize { get; init; } = 256;

    /// <summary>Write the x' and x' - x PNGs of every search. Default on.</summary>
    [Id(14)] public bool WriteImages { get; init; } = true;

    /// <summary>
    /// A registered user model (TorchScript classifier and latent model, `lse model add`) to explain instead of training
    /// the paper's: <see cref="Dataset"/> is then an image folder (one subfolder per class name) or a known dataset of the
    /// model's shape, <see cref="LatentSizes"/> the model's one latent size, and the training fields stay unset. Null:
    /// the paper's models.
    /// </summary>
    [Id(15)] public string? Model { get; init; }

    /// <summary>
    /// null: <see cref="Dataset"/> is mnist, fashion-mnist or a directory of IDX files (or a user model's images);
    /// celeba: a copy of CelebA in its layout (img_align_celeba/, list_attr_celeba.txt, list_eval_partition.txt), explained
    /// trait by trait with the face models of <see cref="FaceModel"/>; each trait is a two-class slice of its own.
    /// </summary>
    [Id(16)] public string? DatasetKind { get; init; }

    /// <summary>A celeba campaign's traits (CelebA's attribute names); null: the paper's ten.</summary>
    [Id(17)] public string[]? Traits { get; init; }

    /// <summary>A celeba campaign's face models; null: the paper's VAE-GAN at 64x64.</summary>
    [Id(18)] public FaceModelChoice? FaceModel { get; init; }

    /// <summary>The paper's models' latent model: null or mlp, the paper's MLP VAE; conv, a convolutional VAE (with the CNN classifier).</summary>
    [Id(19)] public string? Vae { get; init; }

    /// <summary>Whether the campaign is on CelebA (<see cref="DatasetKind"/> celeba).</summary>
    /// <remarks>Not written to JSON: a stored spec is compared as JSON on resubmission, and those stored before it lack it.</remarks>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsCeleba => DatasetKind == "celeba";
}
