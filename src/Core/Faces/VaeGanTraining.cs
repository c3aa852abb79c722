using Orleans.Lse.Core.Data.Celeba;
using Orleans.Lse.Core.Devices;
using Orleans.Lse.Core.Progress;
using Orleans.Lse.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Lse.Core.Faces;

/// <summary>
/// Trains a <see cref="VaeGan"/> as Larsen et al. (2015) do, with three Adam optimisers (beta1 0.5): the discriminator on
/// telling images from reconstructions and from decoded prior samples; the encoder on the KL term plus the reconstruction
/// error measured in the discriminator's layer (<see cref="FaceDiscriminator.Features"/>); the decoder on that error
/// (weighted by <see cref="Gamma"/>) plus fooling the discriminator. A pixel-space error, weighted by
/// <see cref="PixelWeight"/>, is added to both (our choice; the paper has none): measured in the discriminator's layer
/// alone, which sees an eighth of the side, the reconstructions keep a coloured high-frequency noise that the pixel error
/// removes. Batches come from disk as the other face trainings' do; same seed, same weights on one CPU.
/// </summary>
public static class VaeGanTraining
{
    /// <summary>Weight of the feature error in the decoder's loss against fooling the discriminator (the paper's gamma).</summary>
    public const double Gamma = 1.0;

    /// <summary>Weight of the pixel-space error in the encoder's and the decoder's losses.</summary>
    public const double PixelWeight = 10.0;

    /// <summary>Weight of fooling the discriminator in the decoder's loss.</summary>
    public const double AdversarialWeight = 0.01;

    /// <summary>Trains <paramref name="model"/> on the training partition; returns its test figures.</summary>
    public static VaeGanMetrics Train(VaeGan model, CelebaDataset data, TrainingOptions options, IProgressSink? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        options.Validate();
        if (options.BatchSize < 2)
        {
            throw new ArgumentException($"The VAE-GAN trains on batches of 2 images or more (its batch norms need two; got {options.BatchSize}).", nameof(options));
        }

        var sink = progress ?? NullProgressSink.Instance;
        var train = data.Indices(CelebaSplit.Train);
        var device = model.parameters().First().device;
        foreach (var p in model.parameters())
        {
            // A search engine freezes the models it is given; training them again needs their gradients back.
            p.requires_grad = true;
        }

        var (encoder, decoder) = model.GeneratorParameters();
        using var encoderOptimizer = optim.Adam(encoder, options.LearningRate, beta1: 0.5);
        using var decoderOptimizer = optim.Adam(decoder, options.LearningRate, beta1: 0.5);
        using var discriminatorOptimizer = optim.Adam(model.Discriminator.parameters(), options.LearningRate, beta1: 0.5);
        using var generator = new Generator((ulong)options.Seed);
        long n = options.TrainLimit > 0 ? Math.Min(options.TrainLimit, train.Count) : train.Count;
        // A last batch of one image is left out: batch norm cannot normalise a single value.
        long batches = (n / options.BatchSize) + (n % options.BatchSize >= 2 ? 1 : 0);
        if (batches == 0)
        {
            throw new ArgumentException($"The VAE-GAN needs 2 training images or more (got {n}).", nameof(data));
        }

        long total = batches * options.Epochs, done = 0;
        double pixels = model.ImageShape.Values;
        model.train();
        for (int epoch = 0; epoch < options.Epochs; epoch++)
        {
            using var order = randperm(n, generator: generator);
            double discriminatorSum = 0, featureSum = 0;
            for (long b = 0; b < batches; b++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                var idx = order.narrow(0, b * options.BatchSize, Math.Min(options.BatchSize, n - (b * options.BatchSize)));
                var x = data.Images([.. idx.data<long>().Select(p => train[(int)p])]).to(device);
                long size = x.shape[0];
                var (mu, logVar) = model.Encode(x);
                var z = mu + (logVar.Mul(0.5).exp() * randn(mu.shape, generator: generator).to(device));
                var reconstruction = model.Decode(z);
                var sample = model.Decode(randn(mu.shape, generator: generator).to(device));

                // The discriminator: images real, reconstructions and samples not.
                var judged = model.Discriminator.forward(cat([x, reconstruction.detach(), sample.detach()]));
                var truth = cat([ones(size, device: device), zeros(2 * size, device: device)]);
                var discriminatorLoss = nn.functional.binary_cross_entropy_with_logits(judged, truth);
                discriminatorOptimizer.zero_grad();
                discriminatorLoss.backward();
                discriminatorOptimizer.step();

                // The encoder and decoder, each on its own loss over the same forward pass. Images, reconstructions and
                // samples go through the discriminator together, as it was trained, so its batch norms see one batch.
                var features = model.Discriminator.Features(cat([x, reconstruction, sample]));
                var realFeatures = features.narrow(0, 0, size).detach();
                var featureError = (features.narrow(0, size, size) - realFeatures).Square().mean();
                var pixelError = (reconstruction - x).Square().mean().Mul(PixelWeight);
                var kl = (mu.Square() + logVar.exp() - logVar).Sub(1).Mul(0.5).sum(1).mean().Div(pixels);
                var fooling = nn.functional.binary_cross_entropy_with_logits(model.Discriminator.Judge(features).narrow(0, size, 2 * size), ones(2 * size, device: device));
                var encoderLoss = kl + featureError + pixelError;
                var decoderLoss = featureError.Mul(Gamma) + pixelError + fooling.Mul(AdversarialWeight);
                var encoderGradients = autograd.grad([encoderLoss], [.. encoder], retain_graph: true);
                var decoderGradients = autograd.grad([decoderLoss], [.. decoder]);
                SetGradients(encoder, encoderGradients);
                SetGradients(decoder, decoderGradients);
                encoderOptimizer.step();
                decoderOptimizer.step();

                discriminatorSum += discriminatorLoss.item<float>();
                featureSum += featureError.item<float>();
                done++;
                if (b % 20 == 0 || b == batches - 1)
                {
                    sink.Report(new ProgressUpdate($"train VAE-GAN d={model.LatentSize}", done, total, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"epoch {epoch + 1}/{options.Epochs} D {discriminatorSum / (b + 1):F3} Dis_l {featureSum / (b + 1):F4}")));
                }
            }
        }

        model.eval();
        return Evaluate(model, data, data.Indices(CelebaSplit.Test));
    }

    /// <summary>The test figures: reconstruction MSE of g(e(x)), and how often the discriminator tells images and prior samples apart.</summary>
    public static VaeGanMetrics Evaluate(VaeGan model, CelebaDataset data, IReadOnlyList<int> images)
    {
        model.eval();
        using var noGrad = no_grad();
        var device = model.parameters().First().device;
        double mse = 0;
        long right = 0;
        using var noise = new Generator(0);
        // One pass over the images (each decoded from disk once) for both figures.
        foreach (var chunk in images.Chunk(128))
        {
            using var scope = NewDisposeScope();
            var x = data.Images(chunk).to(device);
            mse += (model.Decode(model.EncodeMean(x)) - x).Square().mean([1, 2, 3]).sum().item<float>();
            right += model.Discriminator.forward(x).Gt(0).sum().item<long>();
            var samples = model.Decode(randn([chunk.Length, model.LatentSize], generator: noise).to(device));
            right += model.Discriminator.forward(samples).Lt(0).sum().item<long>();
        }

        return images.Count == 0 ? new VaeGanMetrics(double.NaN, double.NaN) : new VaeGanMetrics(mse / images.Count, right / (2.0 * images.Count));
    }

    private static void SetGradients(IReadOnlyList<TorchSharp.Modules.Parameter> parameters, IList<Tensor> gradients)
    {
        for (int i = 0; i < parameters.Count; i++)
        {
            parameters[i].grad = gradients[i];
        }
    }
}
