namespace Orleans.Lse.Core.UserModels;

/// <summary>What the checks of a user's model measured.</summary>
/// <param name="ClassCount">Logits per image (one per class name).</param>
/// <param name="LatentSize">d, the encoder's mean per image.</param>
/// <param name="ReconstructionError">Mean squared error of g(e(x)) against x (pixels in [0, 1]) on the sample; null without one.</param>
/// <param name="SampleImages">Images the reconstruction error was measured on (0: none given).</param>
/// <param name="LatentGradient">Mean |d loss / d z| of the probe batch: non-zero, so the search can move z.</param>
/// <param name="Seconds">Time the checks took.</param>
public sealed record ModelCheck(int ClassCount, int LatentSize, double? ReconstructionError, int SampleImages, double LatentGradient, double Seconds);
