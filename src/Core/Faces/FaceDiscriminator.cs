using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Orleans.Lse.Core.Faces;

/// <summary>
/// The VAE-GAN's discriminator for square RGB images (side a multiple of 8): a 3x3 convolution, then three stride-2
/// convolutions with batch normalisation and leaky ReLUs, whose output map is the layer the VAE-GAN measures reconstruction
/// in (Larsen et al. 2015, Dis_l); then a linear layer of 512 and one logit, positive for "real".
/// </summary>
public sealed class FaceDiscriminator : Module<Tensor, Tensor>
{
    private readonly Sequential _features;
    private readonly Sequential _head;

    public FaceDiscriminator(int imageSize, int width) : base(nameof(FaceDiscriminator))
    {
        _features = Sequential(
            Conv2d(3, width / 2, 3, padding: 1), FaceLayers.LeakyReLU(0.2),
            Conv2d(width / 2, 2 * width, 4, stride: 2, padding: 1), FaceLayers.BatchNorm2d(2 * width), FaceLayers.LeakyReLU(0.2),
            Conv2d(2 * width, 4 * width, 4, stride: 2, padding: 1), FaceLayers.BatchNorm2d(4 * width), FaceLayers.LeakyReLU(0.2),
            Conv2d(4 * width, 4 * width, 4, stride: 2, padding: 1), FaceLayers.BatchNorm2d(4 * width), FaceLayers.LeakyReLU(0.2));
        _head = Sequential(
            Flatten(),
            Linear(4 * width * (imageSize / 8) * (imageSize / 8), 512), FaceLayers.BatchNorm1d(512), FaceLayers.LeakyReLU(0.2),
            Linear(512, 1));
        RegisterComponents();
    }

    /// <summary>Dis_l(x): the last convolution's map [N, 4w, H/8, W/8], where reconstructions are compared with their images.</summary>
    public Tensor Features(Tensor images) => _features.forward(images);

    /// <summary>Logits [N]: positive where the image is judged real.</summary>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        return _head.forward(_features.forward(input)).squeeze(1).MoveToOuterDisposeScope();
    }

    /// <summary>Logits [N] of the features <see cref="Features"/> returned, so one pass serves both.</summary>
    public Tensor Judge(Tensor features) => _head.forward(features).squeeze(1);
}
