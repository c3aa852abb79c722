using Orleans.Lse.Core.Models;
using Orleans.Lse.Core.Search;
using static TorchSharp.torch;

namespace Orleans.Lse.Core.Tests.Search;

[Trait(TestCategory.Name, TestCategory.Fast)]
public sealed class SearchValidationTests
{
    [Theory]
    [InlineData("step=0", "StepSize")]
    [InlineData("step=-0.1", "StepSize")]
    [InlineData("budget=0", "MaxSteps")]
    [InlineData("restarts=-1", "Restarts")]
    [InlineData("momentum=1", "Momentum")]
    [InlineData("batch=0", "MaxBatch")]
    [InlineData("radius=0", "LatentRadius")]
    [InlineData("mean-over=0", "LossMeanOver")]
    [InlineData("probes=0", "RestartProbes")]
    public void InvalidOptionsNameTheOption(string text, string option)
    {
        var ex = Assert.Throws<ArgumentException>(() => SearchOptionsText.Apply(SearchOptions.Paper, text));
        Assert.Contains(option, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("step=abc", "step")]
    [InlineData("optimizer=lbfgs", "optimizer")]
    [InlineData("wobble=1", "wobble")]
    [InlineData("step", "key=value")]
    public void MalformedOverridesAreClearErrors(string text, string fragment)
    {
        var ex = Assert.Throws<ArgumentException>(() => SearchOptionsText.Apply(SearchOptions.Paper, text));
        Assert.Contains(fragment, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NanStepIsRejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => (SearchOptions.Paper with { StepSize = double.NaN }).Validate());
        Assert.Contains("StepSize", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LatentSizeBelowOneIsRejected()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new Vae(0));
        Assert.Contains("latent size", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LaeTargetingTheTrueClassIsRejected()
    {
        var (classifier, vae) = TinyModels.Create(2);
        var engine = new LatentSearchEngine(classifier, vae);
        using var images = TinyModels.Images(1);
        var ex = Assert.Throws<ArgumentException>(() => engine.Run(images, [new SearchItem(9, 0, 3, 3, SearchMode.Lae)], SearchOptions.Paper));
        Assert.Contains("other than the true label", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LseTargetingAnotherClassIsRejected()
    {
        var (classifier, vae) = TinyModels.Create(2);
        var engine = new LatentSearchEngine(classifier, vae);
        using var images = TinyModels.Images(1);
        Assert.Throws<ArgumentException>(() => engine.Run(images, [new SearchItem(9, 0, 3, 4, SearchMode.Lse)], SearchOptions.Paper));
    }

    [Fact]
    public void WrongImageShapeIsRejected()
    {
        var (classifier, vae) = TinyModels.Create(2);
        var engine = new LatentSearchEngine(classifier, vae);
        using var images = rand(2, 1, 32, 32);
        var ex = Assert.Throws<ArgumentException>(() => engine.Run(images, [SearchItem.Lse(0, 0, 1)], SearchOptions.Paper));
        Assert.Contains("[N, 1, 28, 28]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NanInImagesIsRejected()
    {
        var (classifier, vae) = TinyModels.Create(2);
        var engine = new LatentSearchEngine(classifier, vae);
        using var images = rand(3, 1, 28, 28);
        images[1, 0, 5, 5] = tensor(float.NaN);
        images[2, 0, 7, 3] = tensor(float.PositiveInfinity);
        var ex = Assert.Throws<ArgumentException>(() => engine.Run(images, [SearchItem.Lse(0, 0, 1), SearchItem.Lse(1, 1, 1)], SearchOptions.Paper));
        Assert.Contains("NaN", ex.Message, StringComparison.Ordinal);
        Assert.Contains("row 1", ex.Message, StringComparison.Ordinal);
        ex = Assert.Throws<ArgumentException>(() => engine.Run(images, [SearchItem.Lse(2, 2, 1)], SearchOptions.Paper));
        Assert.Contains("row 2", ex.Message, StringComparison.Ordinal);

        // Rows no search uses are not the searches' business.
        Assert.Single(engine.Run(images, [SearchItem.Lse(0, 0, 1)], SearchOptions.Paper with { MaxSteps = 2 }));
    }

    [Fact]
    public void NanInWeightsIsRejected()
    {
        var (classifier, vae) = TinyModels.Create(2);
        using (no_grad())
        {
            vae.parameters().First()[0, 0] = tensor(float.NaN);
        }

        var ex = Assert.Throws<ArgumentException>(() => new LatentSearchEngine(classifier, vae));
        Assert.Contains("NaN", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ImageRowOutOfRangeIsRejected()
    {
        var (classifier, vae) = TinyModels.Create(2);
        var engine = new LatentSearchEngine(classifier, vae);
        using var images = TinyModels.Images(2);
        var ex = Assert.Throws<ArgumentException>(() => engine.Run(images, [SearchItem.Lse(0, 5, 1)], SearchOptions.Paper));
        Assert.Contains("image row 5", ex.Message, StringComparison.Ordinal);
    }
}
