using Orleans.Lse.Core.Data.Celeba;
using Orleans.Lse.Core.Devices;
using Orleans.Lse.Core.Models;
using Orleans.Lse.Core.Progress;
using Orleans.Lse.Core.Training;
using static TorchSharp.torch;

namespace Orleans.Lse.Core.Faces;

/// <summary>
/// Trains the face models on CelebA's training partition, batches read from disk as they are needed (the data set's
/// bounded cache keeps what it can), with the project's training loop (Adam, cosine decay, a seeded shuffle, one dispose
/// scope per step); measures them on the test partition.
/// </summary>
public static class FaceTraining
{
    private const int EvaluationBatch = 256;

    /// <summary>Trains every trait of <paramref name="net"/> with binary cross entropy; returns each trait's test accuracy.</summary>
    public static double[] TrainTraits(FaceTraitNet net, CelebaDataset data, TrainingOptions options, IProgressSink? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(net);
        ArgumentNullException.ThrowIfNull(data);
        options.Validate();
        var columns = net.Traits.Select(data.Annotations.AttributeIndex).ToArray();
        var train = data.Indices(CelebaSplit.Train);
        var device = DeviceOf(net);
        net.train();
        Trainer.RunEpochs(net.parameters(), train.Count, CPU, options, "train face traits", "BCE", progress, cancellationToken, (idx, _) =>
        {
            var rows = Rows(idx, train);
            return nn.functional.binary_cross_entropy_with_logits(net.forward(data.Images(rows).to(device)), data.Labels(rows, columns).to(device));
        });
        net.eval();
        return TraitAccuracy(net, data, data.Indices(CelebaSplit.Test));
    }

    /// <summary>Each trait's accuracy on <paramref name="images"/> (a logit above 0 predicts the trait).</summary>
    public static double[] TraitAccuracy(FaceTraitNet net, CelebaDataset data, IReadOnlyList<int> images)
    {
        var columns = net.Traits.Select(data.Annotations.AttributeIndex).ToArray();
        var correct = new long[columns.Length];
        net.eval();
        using var noGrad = no_grad();
        foreach (var chunk in images.Chunk(EvaluationBatch))
        {
            using var scope = NewDisposeScope();
            var predicted = net.forward(data.Images(chunk).to(DeviceOf(net))).Gt(0).cpu();
            var truth = data.Labels(chunk, columns).Gt(0.5);
            var hits = predicted.eq(truth).sum(dim: 0).data<long>().ToArray();
            for (int t = 0; t < columns.Length; t++)
            {
                correct[t] += hits[t];
            }
        }

        return [.. correct.Select(c => images.Count == 0 ? double.NaN : c / (double)images.Count)];
    }

    /// <summary>Trains <paramref name="vae"/> on the negative ELBO (Bernoulli likelihood, one sample); returns the test reconstruction MSE of g(e(x)).</summary>
    public static double TrainVae(ConvVae vae, CelebaDataset data, TrainingOptions options, IProgressSink? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(vae);
        ArgumentNullException.ThrowIfNull(data);
        options.Validate();
        var train = data.Indices(CelebaSplit.Train);
        var device = DeviceOf(vae);
        vae.train();
        Trainer.RunEpochs(vae.parameters(), train.Count, CPU, options, $"train conv VAE d={vae.LatentSize}", "-ELBO", progress, cancellationToken, (idx, generator) =>
        {
            var x = data.Images(Rows(idx, train)).to(device);
            var (mu, logVar) = vae.Encode(x);
            // The noise comes from this training's generator, not the global one another training may be drawing from.
            var z = mu + (logVar.Mul(0.5).exp() * randn(mu.shape, generator: generator).to(device));
            var reconstruction = nn.functional.binary_cross_entropy_with_logits(vae.DecodeLogits(z), x, reduction: nn.Reduction.None).sum([1, 2, 3]);
            var kl = (mu.Square() + logVar.exp() - logVar).Sub(1).Mul(0.5).sum(1);
            return (reconstruction + kl).mean();
        });
        vae.eval();
        return ReconstructionError(vae, data, data.Indices(CelebaSplit.Test));
    }

    /// <summary>Mean squared error of g(e(x)) against x over <paramref name="images"/> (pixels in [0, 1]).</summary>
    public static double ReconstructionError(LatentModel vae, CelebaDataset data, IReadOnlyList<int> images)
    {
        vae.eval();
        using var noGrad = no_grad();
        double sum = 0;
        foreach (var chunk in images.Chunk(EvaluationBatch))
        {
            using var scope = NewDisposeScope();
            var x = data.Images(chunk).to(DeviceOf(vae));
            sum += (vae.Decode(vae.EncodeMean(x)) - x).Square().mean([1, 2, 3]).sum().item<float>();
        }

        return images.Count == 0 ? double.NaN : sum / images.Count;
    }

    /// <summary>The data set's images at the batch's positions in <paramref name="split"/>.</summary>
    private static int[] Rows(Tensor positions, IReadOnlyList<int> split) => [.. positions.cpu().data<long>().Select(p => split[(int)p])];

    private static Device DeviceOf(nn.Module module) => module.parameters().First().device;
}
