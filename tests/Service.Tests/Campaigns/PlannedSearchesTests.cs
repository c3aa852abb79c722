using Orleans.Lse.Core.Experiments;
using Orleans.Lse.Core.Search;
using Orleans.Lse.Grains.Campaigns;
using Orleans.Lse.Grains.Searches;

namespace Orleans.Lse.Service.Tests.Campaigns;

/// <summary>
/// A compact plan (the chosen images only) gives back exactly the searches the core's selection chose, in their order and
/// with their ids, and finds each by (image, target); the explicit plans of older campaigns answer the same way.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Fast)]
public sealed class PlannedSearchesTests
{
    [Theory]
    [InlineData(CampaignMode.Lae, 10, 0)]
    [InlineData(CampaignMode.Lse, 10, 0)]
    [InlineData(CampaignMode.Lae, 2, 0)]
    [InlineData(CampaignMode.Lae, 40, 25)]
    public void ACompactPlanIsTheSelectionItWasMadeFrom(CampaignMode mode, int classes, int limit)
    {
        var random = new Random(classes + limit);
        var labels = Enumerable.Range(0, 500).Select(_ => random.Next(classes)).ToArray();
        // About one prediction in four wrong.
        var predictions = labels.Select(l => random.Next(4) == 0 ? (l + 1 + random.Next(classes - 1)) % classes : l).ToArray();
        var selected = mode == CampaignMode.Lae
            ? ImageSelection.Lae(predictions, labels, limit > 0 ? limit : 100, classes)
            : ImageSelection.Lse(predictions, labels, limit);
        var (images, imageLabels) = PlannedSearches.Compress(mode, classes, selected);
        var slice = new SliceState { Mode = mode, LatentSize = 3, Classes = classes, Images = images, Labels = imageLabels };
        var explicitSlice = new SliceState { Mode = mode, LatentSize = 3, Classes = classes, Items = [.. selected.Select((s, o) => new SearchWorkItem(o, s.ImageRow, s.TrueLabel, s.Target, s.Id))] };

        Assert.Equal(selected.Count, slice.Searches.Count);
        Assert.Equal(explicitSlice.Items, slice.Searches.Range(0, selected.Count));
        Assert.Equal(explicitSlice.Items[7..19], slice.Searches.Range(7, 19));
        Assert.Equal(mode == CampaignMode.Lae ? selected.Count / (classes - 1) : selected.Count, images.Length);
        foreach (var item in explicitSlice.Items)
        {
            Assert.Equal(item.Ordinal, slice.Searches.IndexOf(item.Image, item.Target));
            Assert.Equal(item.Ordinal, explicitSlice.Searches.IndexOf(item.Image, item.Target));
        }

        // Searches the plan does not have.
        int absentImage = Enumerable.Range(0, 600).First(i => !images.Contains(i));
        Assert.Equal(-1, slice.Searches.IndexOf(absentImage, 0));
        Assert.Equal(-1, slice.Searches.IndexOf(images[0], classes));
        Assert.Equal(-1, slice.Searches.IndexOf(images[0], -1));
        int wrongTarget = mode == CampaignMode.Lae ? imageLabels[0] : (imageLabels[0] + 1) % classes;
        Assert.Equal(-1, slice.Searches.IndexOf(images[0], wrongTarget));
        Assert.Equal(-1, explicitSlice.Searches.IndexOf(images[0], wrongTarget));
        Assert.Throws<ArgumentOutOfRangeException>(() => slice.Searches[selected.Count]);
    }

    [Fact]
    public void SearchesInAnOrderTheCompactFormCannotReproduceAreRefused()
    {
        var searches = new[] { SearchItem.Lae(ImageSelection.LaeId(4, 2, 10), 4, 1, 2), SearchItem.Lae(ImageSelection.LaeId(4, 0, 10), 4, 1, 0) };
        var error = Assert.Throws<InvalidOperationException>(() => PlannedSearches.Compress(CampaignMode.Lae, 10, searches));
        Assert.Contains("compact plan", error.Message, StringComparison.Ordinal);

        var descending = new[] { SearchItem.Lse(9, 9, 3), SearchItem.Lse(2, 2, 5) };
        Assert.Throws<InvalidOperationException>(() => PlannedSearches.Compress(CampaignMode.Lse, 10, descending));
    }
}
