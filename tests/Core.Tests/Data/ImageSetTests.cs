using Orleans.Lse.Core.Data;

namespace Orleans.Lse.Core.Tests.Data;

[Trait(TestCategory.Name, TestCategory.Fast)]
public sealed class ImageSetTests
{
    private static ImageSet Sample() => new("s", 2, 2, IdxFixtures.Pattern(16), [3, 1, 4, 1]);

    [Fact]
    public void TakeKeepsTheFirstImages()
    {
        var taken = Sample().Take(2);

        Assert.Equal(2, taken.Count);
        Assert.Equal(IdxFixtures.Pattern(8), taken.Pixels);
        Assert.Equal([3, 1], taken.Labels);
        Assert.Equal(("s", 2, 2, 10), (taken.Name, taken.Height, taken.Width, taken.ClassCount));
    }

    [Fact]
    public void SelectCopiesImagesInTheGivenOrder()
    {
        var selected = Sample().Select([3, 0, 3]);

        Assert.Equal([1, 3, 1], selected.Labels);
        Assert.Equal([12, 13, 14, 15, 0, 1, 2, 3, 12, 13, 14, 15], selected.Pixels);
    }

    [Fact]
    public void RejectsBadArguments()
    {
        var set = Sample();

        Assert.Throws<ArgumentOutOfRangeException>(() => set.Take(5));
        Assert.Throws<ArgumentOutOfRangeException>(() => set.Select([0, 4]));
        Assert.Throws<ArgumentException>(() => new ImageSet("s", 2, 2, new byte[15], [0, 0, 0, 0]));
        Assert.Throws<ArgumentException>(() => new ImageSet("s", 1, 1, [0], [10]));
    }
}
