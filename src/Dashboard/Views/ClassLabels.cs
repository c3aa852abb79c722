using System.Globalization;
using Orleans.Lse.Core.Data;
using Orleans.Lse.Grains.Campaigns;

namespace Orleans.Lse.Dashboard.Views;

/// <summary>
/// A campaign's classes as people read them: a CelebA trait's two classes "not TRAIT" and "TRAIT", a known dataset's
/// names (Fashion-MNIST's "Trouser"...), otherwise the class number (a user's model or an image folder).
/// </summary>
public static class ClassLabels
{
    public static string Of(CampaignSpec? spec, string? trait, int label)
    {
        if (trait is not null)
        {
            return label == 1 ? trait : $"not {trait}";
        }

        return spec is { Model: null, IsCeleba: false } && KnownDatasets.ClassNames(spec.Dataset) is { } names && label >= 0 && label < names.Count
            ? names[label]
            : label.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The label in running text: "class 3" where the class has no name, its name otherwise.</summary>
    public static string Described(CampaignSpec? spec, string? trait, int label)
    {
        string name = Of(spec, trait, label);
        return name.All(char.IsAsciiDigit) ? $"class {name}" : name;
    }
}
