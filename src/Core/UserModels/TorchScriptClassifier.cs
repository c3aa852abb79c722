using Orleans.Lse.Core.Models;
using static TorchSharp.torch;

namespace Orleans.Lse.Core.UserModels;

/// <summary>
/// A user's TorchScript classifier as an <see cref="ImageClassifier"/>: pixels in [0, 1] are mapped to the manifest's
/// value range and normalised per channel before its forward; it returns its logits [N, K]. The engine needs nothing else.
/// </summary>
public sealed class TorchScriptClassifier : ImageClassifier
{
    private readonly jit.ScriptModule script;
    private readonly Tensor inputScale;
    private readonly Tensor inputShift;
    private readonly string _file;

    public TorchScriptClassifier(jit.ScriptModule script, string file, ModelManifest manifest)
        : base(nameof(TorchScriptClassifier), manifest.ImageShape, manifest.ClassNames.Count)
    {
        this.script = script;
        _file = file;
        int c = manifest.ImageShape.Channels;
        var (low, high) = manifest.ValueRange;
        // v = low + p (high - low), then (v - mean) / std: one multiply-add per pixel.
        var mean = manifest.Normalization?.Mean ?? Enumerable.Repeat(0f, c).ToArray();
        var std = manifest.Normalization?.Std ?? Enumerable.Repeat(1f, c).ToArray();
        // Owned by the module, not by whatever dispose scope it is made in.
        inputScale = tensor(Enumerable.Range(0, c).Select(i => (high - low) / std[i]).ToArray(), [1, c, 1, 1]).DetachFromDisposeScope();
        inputShift = tensor(Enumerable.Range(0, c).Select(i => (low - mean[i]) / std[i]).ToArray(), [1, c, 1, 1]).DetachFromDisposeScope();
        RegisterComponents();
    }

    /// <summary>Logits [N, K] for pixels [N, C, H, W] in [0, 1].</summary>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var values = input.mul(inputScale).add_(inputShift);
        var logits = ScriptModules.Single(ScriptModules.Call(script, null, values, $"{_file} (forward)"), _file);
        if (logits.dim() != 2 || logits.shape[0] != input.shape[0] || logits.shape[1] != ClassCount)
        {
            throw new UserModelException($"{_file} returned [{string.Join(", ", logits.shape)}] for {input.shape[0]} images; expected [{input.shape[0]}, {ClassCount}] (one logit per class name).");
        }

        return logits.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The direct children only: TorchSharp's Dispose disposes each module named_modules yields while walking into it, and
    /// a disposed ScriptModule cannot be asked for its own submodules.
    /// </summary>
    public override IEnumerable<(string name, nn.Module module)> named_modules() => named_children();
}
