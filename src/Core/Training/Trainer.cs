using Orleans.Lse.Core.Devices;
using Orleans.Lse.Core.Models;
using Orleans.Lse.Core.Progress;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Orleans.Lse.Core.Training;

/// <summary>Trains the classifiers and VAEs with Adam and a cosine learning-rate decay to zero, one dispose scope per step, deterministic for a seed on the CPU.</summary>
public static class Trainer
{
    /// <summary>Trains a classifier with cross-entropy; returns the test accuracy. Only <paramref name="parameters"/> are updated.</summary>
    public static double TrainClassifier(nn.Module<Tensor, Tensor> model, IEnumerable<Parameter> parameters, Tensor trainX, Tensor trainY, Tensor testX, Tensor testY, TrainingOptions options, IProgressSink? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        options.Validate();
        model.train();
        RunEpochs(parameters, trainX.shape[0], trainX.device, options, "train " + model.GetName(), "loss", progress, cancellationToken, (idx, generator) =>
        {
            var batch = trainX.index_select(0, idx);
            if (options.AugmentShift > 0)
            {
                batch = Shift(batch, options.AugmentShift, generator);
            }

            return nn.functional.cross_entropy(model.forward(batch), trainY.index_select(0, idx));
        });

        model.eval();
        return Accuracy(model, testX, testY);
    }

    /// <summary>
    /// The shared loop over <paramref name="count"/> training examples (the first <see cref="TrainingOptions.TrainLimit"/>
    /// where set): Adam with cosine decay to zero over all steps, a seeded shuffle each epoch, one dispose scope per step,
    /// and progress every 20 steps. <paramref name="lossOf"/> maps a batch's indices (on <paramref name="device"/>) to its loss.
    /// </summary>
    internal static void RunEpochs(IEnumerable<Parameter> parameters, long count, Device device, TrainingOptions options, string phase, string lossName, IProgressSink? progress, CancellationToken cancellationToken, Func<Tensor, Generator, Tensor> lossOf)
    {
        var sink = progress ?? NullProgressSink.Instance;
        var trained = parameters.ToList();
        foreach (var p in trained)
        {
            // A search engine freezes the models it is given; training them again needs their gradients back.
            p.requires_grad = true;
        }

        using var optimizer = optim.Adam(trained, options.LearningRate);
        var generator = new Generator((ulong)options.Seed);
        long n = options.TrainLimit > 0 ? Math.Min(options.TrainLimit, count) : count;
        long batches = (n + options.BatchSize - 1) / options.BatchSize;
        long total = batches * options.Epochs, done = 0;
        var scheduler = optim.lr_scheduler.CosineAnnealingLR(optimizer, total);
        for (int epoch = 0; epoch < options.Epochs; epoch++)
        {
            using var order = randperm(n, generator: generator).to(device);
            double lossSum = 0;
            for (long b = 0; b < batches; b++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                var idx = order.narrow(0, b * options.BatchSize, Math.Min(options.BatchSize, n - (b * options.BatchSize)));
                var loss = lossOf(idx, generator);
                optimizer.zero_grad();
                loss.backward();
                optimizer.step();
                scheduler.step();
                lossSum += loss.item<float>();
                done++;
                if (b % 20 == 0 || b == batches - 1)
                {
                    sink.Report(new ProgressUpdate(phase, done, total, $"epoch {epoch + 1}/{options.Epochs} {lossName} {lossSum / (b + 1):F4}"));
                }
            }
        }
    }

    /// <summary>Translates each image by its own random whole-pixel offset in [-max, max]^2 (zeros flow in).</summary>
    private static Tensor Shift(Tensor images, int max, Generator generator)
    {
        long n = images.shape[0];
        var offsets = randint(-max, max + 1, [n, 2], generator: generator).to_type(float32).to(images.device);
        var theta = zeros(n, 2, 3, device: images.device);
        theta[TensorIndex.Colon, 0, 0] = tensor(1f);
        theta[TensorIndex.Colon, 1, 1] = tensor(1f);
        // With align_corners=false one pixel is 2/size in normalised coordinates, so whole-pixel shifts sample exactly.
        theta[TensorIndex.Colon, 0, 2] = offsets[TensorIndex.Colon, 0].Mul(2f / images.shape[3]);
        theta[TensorIndex.Colon, 1, 2] = offsets[TensorIndex.Colon, 1].Mul(2f / images.shape[2]);
        var grid = nn.functional.affine_grid(theta, images.shape, align_corners: false);
        return nn.functional.grid_sample(images, grid, mode: GridSampleMode.Bilinear, padding_mode: GridSamplePaddingMode.Zeros, align_corners: false);
    }

    /// <summary>Fraction of <paramref name="x"/> classified as <paramref name="y"/>.</summary>
    public static double Accuracy(nn.Module<Tensor, Tensor> model, Tensor x, Tensor y, int batch = 2000)
    {
        model.eval();
        using var noGrad = no_grad();
        long correct = 0;
        for (long s = 0; s < x.shape[0]; s += batch)
        {
            using var scope = NewDisposeScope();
            long m = Math.Min(batch, x.shape[0] - s);
            var pred = model.forward(x.narrow(0, s, m)).argmax(1);
            correct += pred.eq(y.narrow(0, s, m)).sum().item<long>();
        }

        return (double)correct / x.shape[0];
    }

    /// <summary>Trains a VAE on the negative ELBO (Bernoulli likelihood, one reparameterised sample); returns test metrics.</summary>
    public static VaeMetrics TrainVae(GaussianVae vae, Tensor trainX, Tensor testX, TrainingOptions options, IProgressSink? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(vae);
        options.Validate();
        vae.train();
        RunEpochs(vae.parameters(), trainX.shape[0], trainX.device, options, $"train {(vae is ConvVae ? "conv VAE" : "VAE")} d={vae.LatentSize}", "-ELBO", progress, cancellationToken, (idx, _) =>
        {
            var (recon, kl) = NegativeElboTerms(vae, trainX.index_select(0, idx), sample: true);
            return (recon + kl).mean();
        });

        vae.eval();
        return EvaluateVae(vae, testX);
    }

    /// <summary>Test reconstruction loss, KL and ELBO per image; the reconstruction decodes the posterior mean (no sampling noise).</summary>
    public static VaeMetrics EvaluateVae(GaussianVae vae, Tensor x, int batch = 2000)
    {
        vae.eval();
        using var noGrad = no_grad();
        double recon = 0, kl = 0;
        for (long s = 0; s < x.shape[0]; s += batch)
        {
            using var scope = NewDisposeScope();
            var (r, k) = NegativeElboTerms(vae, x.narrow(0, s, Math.Min(batch, x.shape[0] - s)), sample: false);
            recon += r.sum().item<float>();
            kl += k.sum().item<float>();
        }

        long count = x.shape[0];
        return new VaeMetrics(recon / count, kl / count, -(recon + kl) / count);
    }

    private static (Tensor Reconstruction, Tensor Kl) NegativeElboTerms(GaussianVae vae, Tensor x, bool sample)
    {
        var (mu, logVar) = vae.Encode(x);
        var z = sample ? mu + (logVar.Mul(0.5).exp() * randn_like(mu)) : mu;
        var logits = vae.DecodeLogits(z).reshape(-1, vae.ImageShape.Values);
        var target = x.reshape(-1, vae.ImageShape.Values);
        var recon = nn.functional.binary_cross_entropy_with_logits(logits, target, reduction: nn.Reduction.None).sum(1);
        var kl = (mu.Square() + logVar.exp() - logVar).Sub(1).Mul(0.5).sum(1);
        return (recon, kl);
    }

    /// <summary>
    /// Seeds libtorch's global generator with <paramref name="seed"/> and runs <paramref name="build"/> (constructing
    /// modules, which draws their initial weights) while holding it, so a module built on another thread at the same time
    /// cannot take draws between the seed and this one's weights. Training then goes on drawing dropout masks and VAE
    /// noise from the same generator: same seed, same model, as long as nothing else draws from it meanwhile (the
    /// service trains one model at a time by default).
    /// </summary>
    public static T Seeded<T>(int seed, Func<T> build)
    {
        ArgumentNullException.ThrowIfNull(build);
        Devices.TorchRuntime.EnsureInitialized();
        lock (GlobalGenerator)
        {
            manual_seed(seed);
            return build();
        }
    }

    private static readonly Lock GlobalGenerator = new();
}
