using Orleans.Lse.Core.Models;
using static TorchSharp.torch;

namespace Orleans.Lse.Core.UserModels;

/// <summary>
/// A user's TorchScript encoder and decoder (two files, or one module with <c>encode</c> and <c>decode</c>) as a
/// <see cref="LatentModel"/>: pixels in [0, 1] are mapped to the manifest's value range on the way in and back on the way
/// out, the encoder's mean is z (a (mean, log-variance) pair gives its mean), and a flat decoder output [N, C*H*W] is
/// read as images.
/// </summary>
public sealed class TorchScriptLatentModel : LatentModel
{
    private readonly jit.ScriptModule encoder;
    private readonly jit.ScriptModule? decoder;
    private readonly string? _encodeMethod;
    private readonly string? _decodeMethod;
    private readonly string _encoderFile;
    private readonly string _decoderFile;
    private readonly EncoderOutput _output;
    private readonly float _low;
    private readonly float _span;

    /// <summary>Separate encoder and decoder modules (<paramref name="decoder"/> non-null), or one module with encode and decode.</summary>
    public TorchScriptLatentModel(jit.ScriptModule encoder, jit.ScriptModule? decoder, ModelManifest manifest)
        : base(nameof(TorchScriptLatentModel), manifest.ImageShape, manifest.LatentSize)
    {
        this.encoder = encoder;
        this.decoder = decoder;
        (_encodeMethod, _decodeMethod) = decoder is null ? ("encode", "decode") : ((string?)null, (string?)null);
        _encoderFile = decoder is null ? $"{manifest.ModuleFile} (encode)" : $"{manifest.EncoderFile} (forward)";
        _decoderFile = decoder is null ? $"{manifest.ModuleFile} (decode)" : $"{manifest.DecoderFile} (forward)";
        _output = manifest.EncoderOutput;
        (_low, _span) = (manifest.ValueRange.Low, manifest.ValueRange.High - manifest.ValueRange.Low);
        RegisterComponents();
    }

    public override Tensor EncodeMean(Tensor images)
    {
        using var scope = NewDisposeScope();
        var values = images.mul(_span).add_(_low);
        var output = ScriptModules.Call(encoder, _encodeMethod, values, _encoderFile);
        var mean = _output == EncoderOutput.MeanLogVar ? ScriptModules.FirstOfPair(output, _encoderFile) : ScriptModules.Single(output, _encoderFile);
        if (mean.dim() != 2 || mean.shape[0] != images.shape[0] || mean.shape[1] != LatentSize)
        {
            throw new UserModelException($"{_encoderFile} returned a mean of shape [{string.Join(", ", mean.shape)}] for {images.shape[0]} images; expected [{images.shape[0]}, {LatentSize}] (latentSize).");
        }

        return mean.MoveToOuterDisposeScope();
    }

    public override Tensor Decode(Tensor latents)
    {
        using var scope = NewDisposeScope();
        var output = ScriptModules.Single(ScriptModules.Call(decoder ?? encoder, _decodeMethod, latents, _decoderFile), _decoderFile);
        long n = latents.shape[0];
        var expected = ImageShape.Batch(n);
        bool images = output.shape.SequenceEqual(expected);
        bool flat = output.dim() == 2 && output.shape[0] == n && output.shape[1] == ImageShape.Values;
        if (!images && !flat)
        {
            throw new UserModelException($"{_decoderFile} returned [{string.Join(", ", output.shape)}] for {n} latents; the classifier takes [{string.Join(", ", expected)}] (imageShape {ImageShape}).");
        }

        return output.reshape(expected).sub(_low).div_(_span).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The direct children only: TorchSharp's Dispose disposes each module named_modules yields while walking into it, and
    /// a disposed ScriptModule cannot be asked for its own submodules.
    /// </summary>
    public override IEnumerable<(string name, nn.Module module)> named_modules() => named_children();
}
