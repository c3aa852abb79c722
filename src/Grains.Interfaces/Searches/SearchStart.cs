using Orleans.Lse.Grains.Models;

namespace Orleans.Lse.Grains.Searches;

/// <summary>What a search grain needs to run its search on its own, outside a campaign.</summary>
[GenerateSerializer, Alias("lse.SearchStart")]
public sealed record SearchStart
{
    [Id(0)] public required ModelSpec Classifier { get; init; }
    [Id(1)] public required ModelSpec Vae { get; init; }

    /// <summary>The image's true label y (the target for LSE).</summary>
    [Id(2)] public required int TrueLabel { get; init; }

    /// <summary>Test images the image index counts in (0 = all).</summary>
    [Id(3)] public int TestLimit { get; init; }

    /// <summary>paper or improved.</summary>
    [Id(4)] public string Search { get; init; } = "paper";
    [Id(5)] public string SearchOverrides { get; init; } = "";
    [Id(6)] public int Seed { get; init; }

    /// <summary>No longer accepted (a client must not choose where a silo writes): set <see cref="WriteImages"/>.</summary>
    [Id(7)] public string? ImageDirectory { get; init; }

    /// <summary>Write the x' and x' - x PNGs under the silo's data directory (searches/&lt;campaign&gt;/&lt;mode&gt;-d&lt;d&gt;).</summary>
    [Id(8)] public bool WriteImages { get; init; }
}
