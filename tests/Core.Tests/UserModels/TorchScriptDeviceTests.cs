using Orleans.Lse.Core.Data;
using Orleans.Lse.Core.Search;
using Orleans.Lse.Core.Tests.Search;
using Orleans.Lse.Core.UserModels;
using static TorchSharp.torch;

namespace Orleans.Lse.Core.Tests.UserModels;

/// <summary>A TorchScript model moves to the engine's device like a built-in one: its successes hold when checked on the CPU.</summary>
public sealed class TorchScriptDeviceTests
{
    [Fact]
    [Trait(TestCategory.Name, TestCategory.Fast)]
    public void TheExampleRunsOnTheCpu() => AssertSearches(TinyModels.Cpu());

    [SkippableFact]
    [Trait(TestCategory.Name, TestCategory.Cuda)]
    public void TheExampleRunsOnCuda() => AssertSearches(TinyModels.Cuda());

    private static void AssertSearches(Device device)
    {
        using var model = UserModel.Load(TorchScriptFixtures.Example("manifest.json"));
        var data = ImageFolderLoader.Load(TorchScriptFixtures.Example("images"), model.Manifest.ImageShape, model.Manifest.ClassNames);
        using var images = data.ToTensor();
        var engine = new LatentSearchEngine(model.Classifier, model.Latent, device);
        var predictions = engine.Predict(images);
        var items = predictions.Select((p, i) => (p, i)).Where(t => t.p != data.Labels[t.i]).Select(t => SearchItem.Lse(t.i, t.i, data.Labels[t.i])).ToList();
        Assert.NotEmpty(items);

        // No refinement (which walks x' back to its class boundary), so that most successes stand clear of a tie.
        var results = engine.Run(images, items, SearchOptions.Improved with { MaxSteps = 200, Restarts = 2, RefineSteps = 0 });

        Assert.Contains(results, r => r.Success);
        // Every success, checked again on the CPU: x' is classified as the true class. A refined x' sits at its class
        // boundary, where another device's rounding (TF32 on CUDA) may differ: checked wherever the CPU's verdict is not
        // within 1e-2 of a tie.
        using var cpu = new UserModelCheckOnCpu(TorchScriptFixtures.Example("manifest.json"));
        var successes = results.Where(r => r.Success).ToList();
        var verdicts = successes.Select(r => cpu.Probabilities(r.Perturbed, model.Manifest.ImageShape)).ToList();
        var clear = Enumerable.Range(0, successes.Count).Where(i => verdicts[i].OrderDescending().First() - verdicts[i].OrderDescending().Skip(1).First() > 1e-2).ToList();
        Assert.True(clear.Count >= successes.Count / 2, $"{clear.Count} of {successes.Count} successes are clear of a tie");
        Assert.All(clear, i => Assert.Equal(successes[i].Target, Array.IndexOf(verdicts[i], verdicts[i].Max())));
    }

    /// <summary>A second copy of the model on the CPU, to check another device's results.</summary>
    private sealed class UserModelCheckOnCpu(string manifest) : IDisposable
    {
        private readonly UserModel _model = UserModel.Load(manifest);

        public float[] Probabilities(float[] image, Orleans.Lse.Core.Models.ImageShape shape)
        {
            _model.Classifier.eval();
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            return nn.functional.softmax(_model.Classifier.forward(tensor(image).reshape(shape.Batch(1))), 1).data<float>().ToArray();
        }

        public void Dispose() => _model.Dispose();
    }
}
