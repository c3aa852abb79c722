namespace Orleans.Lse.Core.Search;

/// <summary>Why a search ended.</summary>
public enum StopReason
{
    /// <summary>c(x') reached the target class.</summary>
    Success,

    /// <summary>The step budget ran out.</summary>
    Budget,

    /// <summary>The loss stopped improving (a local minimum) and no restart was left.</summary>
    Plateau,

    /// <summary>The gradient vanished (a flat region) and no restart was left.</summary>
    VanishingGradient,

    /// <summary>z + eps went beyond twice the data region's radius, or rested on a plateau outside it, and no restart was left.</summary>
    LeftDataRegion,
}
