using System.Text.Json;
using Orleans.Lse.Core.Models;
using Orleans.Lse.Core.Search;
using Orleans.Lse.Core.UserModels;
using static TorchSharp.torch;

namespace Orleans.Lse.Core.Tests.UserModels;

/// <summary>
/// The built-in MNIST CNN and VAE exported to TorchScript (tests/Fixtures/TorchScript/mnist, same layers and names) give
/// the same logits as PyTorch, the same predictions and input gradients as the built-in modules with the same weights,
/// (<see cref="TorchScriptSearchParityTests"/>: and the same searches).
/// </summary>
[Trait(TestCategory.Name, TestCategory.Fast)]
public sealed class TorchScriptParityTests : IDisposable
{
    private readonly UserModel _user = UserModel.Load(TorchScriptFixtures.File("mnist", "manifest.json"));
    private readonly MnistCnn _cnn = new();
    private readonly Vae _vae = new(8);

    public TorchScriptParityTests()
    {
        CopyWeights(TorchScriptFixtures.File("mnist", "classifier.pt"), _cnn);
        CopyWeights(TorchScriptFixtures.File("mnist", "vae.pt"), _vae);
        _cnn.eval();
        _vae.eval();
    }

    [Fact]
    public void LogitsEqualPyTorchs()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(TorchScriptFixtures.File("mnist", "reference.json")));
        float[] Read(string name) => [.. json.RootElement.GetProperty(name).EnumerateArray().Select(e => e.GetSingle())];
        using var probe = tensor(Read("probe")).reshape(2, 1, 28, 28);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        AssertClose(tensor(Read("logits")).reshape(2, 10), _user.Classifier.forward(probe), 1e-4, "TorchScript logits vs PyTorch's");
        AssertClose(tensor(Read("mean")).reshape(2, 8), _user.Latent.EncodeMean(probe), 1e-4, "TorchScript encoder mean vs PyTorch's");
        AssertClose(tensor(Read("logits")).reshape(2, 10), _cnn.forward(probe), 1e-4, "built-in logits with the exported weights vs PyTorch's");
    }

    [Fact]
    public void TheShapesModelWithItsNormalisationGivesPyTorchsOutputs()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(TorchScriptFixtures.File("shapes", "reference.json")));
        float[] Read(string name) => [.. json.RootElement.GetProperty(name).EnumerateArray().Select(e => e.GetSingle())];
        using var shapes = UserModel.Load(TorchScriptFixtures.File("shapes", "manifest.json"));
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var probe = tensor(Read("probe")).reshape(2, 3, 32, 32);
        // PyTorch applied (x - mean) / std itself; here the manifest's normalize does it.
        AssertClose(tensor(Read("logits")).reshape(2, 3), shapes.Classifier.forward(probe), 1e-4, "normalised classifier logits vs PyTorch's");
        var mean = shapes.Latent.EncodeMean(probe);
        AssertClose(tensor(Read("mean")).reshape(2, 8), mean, 1e-4, "encoder mean (first of the pair) vs PyTorch's");
        AssertClose(tensor(Read("decoded")).reshape(2, 3, 32, 32), shapes.Latent.Decode(mean), 1e-4, "decoded images vs PyTorch's");
    }

    [Fact]
    public void PredictionsAndInputGradientsEqualTheBuiltInModules()
    {
        using var scope = NewDisposeScope();
        var x = Images(32);
        var targets = arange(32, dtype: int64).remainder(10);
        using (no_grad())
        {
            var builtIn = _cnn.forward(x);
            var user = _user.Classifier.forward(x);
            Assert.Equal(builtIn.argmax(1).data<long>().ToArray(), user.argmax(1).data<long>().ToArray());
            AssertClose(builtIn, user, 1e-4, "logits");
            AssertClose(_vae.EncodeMean(x), _user.Latent.EncodeMean(x), 1e-4, "encoder means");
            var z = randn(8, 8, generator: new TorchSharp.torch.Generator(5));
            AssertClose(_vae.Decode(z), _user.Latent.Decode(z), 1e-5, "decoded images");
        }

        var autograd = InputGradient(_user.Classifier, x, targets);
        // The built-in CNN's own backward pass (what the engine uses for it) against autograd through TorchScript.
        var (_, ownRoute) = _cnn.CreateInputGradient().Backpropagate(x, logits => nn.functional.softmax(logits, 1) - nn.functional.one_hot(targets, 10).to(float32));
        AssertClose(InputGradient(_cnn, x, targets), autograd, 1e-5, "input gradients (autograd)");
        AssertClose(ownRoute, autograd, 1e-5, "input gradients (the CNN's own route vs TorchScript autograd)");
        Assert.True(autograd.abs().sum().item<float>() > 0);
    }

    [Fact]
    public void TheValueRangeMapsPixelsBothWays()
    {
        // The same VAE declared as working in [-1, 1]: pixels go in as 2p - 1 and come out as (v + 1) / 2.
        using var dir = new Data.TempDirectory();
        var manifest = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(TorchScriptFixtures.File("mnist", "manifest.json")))!.AsObject();
        manifest["valueRange"] = new System.Text.Json.Nodes.JsonArray(-1, 1);
        File.Copy(TorchScriptFixtures.File("mnist", "classifier.pt"), dir.File("classifier.pt"));
        File.Copy(TorchScriptFixtures.File("mnist", "vae.pt"), dir.File("vae.pt"));
        File.WriteAllText(dir.File("manifest.json"), manifest.ToJsonString());
        using var ranged = UserModel.Load(dir.File("manifest.json"));
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = Images(4);
        var z = randn(4, 8, generator: new TorchSharp.torch.Generator(9));
        AssertClose(_vae.EncodeMean(x * 2 - 1), ranged.Latent.EncodeMean(x), 1e-5, "encoder input mapped to [-1, 1]");
        AssertClose((_vae.Decode(z) + 1) / 2, ranged.Latent.Decode(z), 1e-6, "decoder output mapped back to [0, 1]");
        AssertClose(_cnn.forward(x * 2 - 1), ranged.Classifier.forward(x), 1e-4, "classifier input mapped to [-1, 1]");
    }

    public void Dispose()
    {
        _user.Dispose();
        _cnn.Dispose();
        _vae.Dispose();
    }

    /// <summary>Images the VAE makes: g(z) for standard normal z, so in the data region of the latent.</summary>
    private Tensor Images(int n)
    {
        using var noGrad = no_grad();
        using var z = randn(n, 8, generator: new TorchSharp.torch.Generator(11));
        return _vae.Decode(z);
    }

    private static Tensor InputGradient(nn.Module<Tensor, Tensor> classifier, Tensor x, Tensor targets)
    {
        var input = x.detach().requires_grad_(true);
        nn.functional.cross_entropy(classifier.forward(input), targets, reduction: nn.Reduction.Sum).backward();
        return input.grad!.detach().clone();
    }

    private static void CopyWeights(string scriptFile, nn.Module target)
    {
        using var script = jit.load(scriptFile);
        var own = target.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        var theirs = script.named_parameters().ToList();
        Assert.Equal(own.Keys.Order(StringComparer.Ordinal), theirs.Select(p => p.name).Order(StringComparer.Ordinal));
        using var noGrad = no_grad();
        foreach (var (name, parameter) in theirs)
        {
            own[name].copy_(parameter);
        }
    }

    internal static void AssertClose(Tensor expected, Tensor actual, double tolerance, string what)
    {
        Assert.Equal(expected.shape, actual.shape);
        double scale = Math.Max(1, expected.abs().max().item<float>());
        double diff = (expected - actual).abs().max().item<float>();
        Assert.True(diff <= tolerance * scale, $"{what}: largest difference {diff:E2}, tolerance {tolerance * scale:E2}");
    }
}
