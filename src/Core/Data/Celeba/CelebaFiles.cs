namespace Orleans.Lse.Core.Data.Celeba;

/// <summary>CelebA's layout (the "Align&amp;Cropped" images and their annotation files) and its attribute names.</summary>
public static class CelebaFiles
{
    /// <summary>The folder of aligned and cropped JPEGs (000001.jpg ..., 178x218).</summary>
    public const string ImagesFolder = "img_align_celeba";

    /// <summary>A count line, a line of the 40 attribute names, then one line per image: its file and 40 values of -1 or 1.</summary>
    public const string AttributesFile = "list_attr_celeba.txt";

    /// <summary>One line per image: its file and 0 (train), 1 (validation) or 2 (test).</summary>
    public const string PartitionFile = "list_eval_partition.txt";

    /// <summary>The 40 attributes, in the order of CelebA's attribute file.</summary>
    public static IReadOnlyList<string> AttributeNames { get; } =
    [
        "5_o_Clock_Shadow", "Arched_Eyebrows", "Attractive", "Bags_Under_Eyes", "Bald", "Bangs", "Big_Lips", "Big_Nose",
        "Black_Hair", "Blond_Hair", "Blurry", "Brown_Hair", "Bushy_Eyebrows", "Chubby", "Double_Chin", "Eyeglasses",
        "Goatee", "Gray_Hair", "Heavy_Makeup", "High_Cheekbones", "Male", "Mouth_Slightly_Open", "Mustache", "Narrow_Eyes",
        "No_Beard", "Oval_Face", "Pale_Skin", "Pointy_Nose", "Receding_Hairline", "Rosy_Cheeks", "Sideburns", "Smiling",
        "Straight_Hair", "Wavy_Hair", "Wearing_Earrings", "Wearing_Hat", "Wearing_Lipstick", "Wearing_Necklace",
        "Wearing_Necktie", "Young",
    ];

    /// <summary>The ten traits of the paper's table 1, in its order.</summary>
    public static IReadOnlyList<string> PaperTraits { get; } =
    [
        "Male", "Big_Lips", "Receding_Hairline", "Wearing_Earrings", "Eyeglasses", "Wearing_Necktie", "Mustache", "Sideburns", "Smiling", "Rosy_Cheeks",
    ];
}
