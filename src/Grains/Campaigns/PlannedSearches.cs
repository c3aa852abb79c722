using Orleans.Lse.Core.Experiments;
using Orleans.Lse.Grains.Searches;

namespace Orleans.Lse.Grains.Campaigns;

/// <summary>
/// A slice's planned searches by ordinal. Slices planned now store only the chosen test images and their labels
/// (<see cref="SliceState.Images"/>): the searches follow from them as <see cref="ImageSelection"/> orders them (LSE: one per
/// image; LAE: each image towards every other class in class order), so a plan costs O(images), not O(searches), in
/// storage and memory. Slices planned before keep their explicit <see cref="SliceState.Items"/>.
/// </summary>
internal readonly struct PlannedSearches(SliceState slice)
{
    private bool Compact => slice.Images is not null;

    private int PerImage => slice.Mode == CampaignMode.Lae ? slice.Classes - 1 : 1;

    public int Count => Compact ? slice.Images!.Length * PerImage : slice.Items.Length;

    public SearchWorkItem this[int ordinal]
    {
        get
        {
            if (!Compact)
            {
                return slice.Items[ordinal];
            }

            ArgumentOutOfRangeException.ThrowIfNegative(ordinal);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(ordinal, Count);
            int i = ordinal / PerImage, image = slice.Images![i], label = slice.Labels![i];
            if (slice.Mode == CampaignMode.Lse)
            {
                return new SearchWorkItem(ordinal, image, label, label, image);
            }

            int k = ordinal % PerImage, target = k < label ? k : k + 1;
            return new SearchWorkItem(ordinal, image, label, target, ImageSelection.LaeId(image, target, slice.Classes));
        }
    }

    /// <summary>The searches with ordinals in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public SearchWorkItem[] Range(int from, int to)
    {
        var items = new SearchWorkItem[to - from];
        for (int o = from; o < to; o++)
        {
            items[o - from] = this[o];
        }

        return items;
    }

    /// <summary>The ordinal of the search of (<paramref name="image"/>, <paramref name="target"/>), or -1 when the slice has none.</summary>
    public int IndexOf(int image, int target)
    {
        if (!Compact)
        {
            return Array.FindIndex(slice.Items, item => item.Image == image && item.Target == target);
        }

        // The selection takes images in index order, so the stored images are ascending.
        int i = Array.BinarySearch(slice.Images!, image);
        if (i < 0 || target < 0 || target >= slice.Classes)
        {
            return -1;
        }

        int label = slice.Labels![i];
        if (slice.Mode == CampaignMode.Lse)
        {
            return target == label ? i : -1;
        }

        return target == label ? -1 : (i * PerImage) + (target < label ? target : target - 1);
    }

    /// <summary>
    /// The compact plan of <paramref name="searches"/> (the core's selection for <paramref name="mode"/>, with their ids):
    /// throws if they are not in the order the compact form reproduces, so a change to the selection cannot silently
    /// re-order a stored plan.
    /// </summary>
    public static (int[] Images, int[] Labels) Compress(CampaignMode mode, int classes, IReadOnlyList<Core.Search.SearchItem> searches)
    {
        var images = new List<int>();
        var labels = new List<int>();
        foreach (var s in searches)
        {
            if (images.Count == 0 || images[^1] != s.ImageRow)
            {
                images.Add(s.ImageRow);
                labels.Add(s.TrueLabel);
            }
        }

        var slice = new SliceState { Mode = mode, Classes = classes, Images = [.. images], Labels = [.. labels] };
        var planned = new PlannedSearches(slice);
        bool same = planned.Count == searches.Count;
        for (int o = 0; same && o < searches.Count; o++)
        {
            var item = planned[o];
            var s = searches[o];
            same = item.Image == s.ImageRow && item.TrueLabel == s.TrueLabel && item.Target == s.Target && item.SearchId == s.Id;
        }

        for (int i = 1; same && i < images.Count; i++)
        {
            same = images[i] > images[i - 1];
        }

        if (!same)
        {
            throw new InvalidOperationException($"The {mode} selection's searches are not in the order a compact plan reproduces (ascending images, one search per image for LSE, every other class in order for LAE).");
        }

        return (slice.Images, slice.Labels);
    }
}
