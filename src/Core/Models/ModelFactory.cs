using static TorchSharp.torch;

namespace Orleans.Lse.Core.Models;

/// <summary>Creates an untrained module of a kind.</summary>
public static class ModelFactory
{
    public static nn.Module<Tensor, Tensor> Create(ModelKind kind, int latentSize) => kind switch
    {
        ModelKind.Cnn => new MnistCnn(),
        ModelKind.Vae => new Vae(latentSize),
        ModelKind.VaeHead => new VaeHeadClassifier(latentSize),
        ModelKind.ConvVae => new ConvVae(latentSize, ImageShape.Mnist.Height, ImageShape.Mnist.Channels),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, $"{kind} is not one of the MNIST models (Cnn, Vae, ConvVae, VaeHead); face models are built by Faces.FaceModels."),
    };

    /// <summary>
    /// The parameter names and shapes of a kind: changes whenever the architecture does, so that checkpoints keyed by it
    /// are never mistaken for another architecture's.
    /// </summary>
    public static string Signature(ModelKind kind, int latentSize)
    {
        using var module = Create(kind, latentSize);
        return string.Join(";", module.named_parameters().Select(p => $"{p.name}:{string.Join("x", p.parameter.shape)}"));
    }
}
