#!/usr/bin/python3
"""Makes the TorchScript files the tests load and the example in examples/shapes.

Needs Debian's python3-torch (1.13; `apt-get install python3-torch`) and runs in about two minutes on two cores:

    /usr/bin/python3 tests/Fixtures/TorchScript/make_fixtures.py

The committed outputs are what the tests load; this script is how they were made.

- mnist/: the built-in MNIST CNN and VAE (d = 8) with the same parameter names, randomly initialised (seed 0), the
  classifier scripted and the VAE as one scripted module with `encode` (mean, log-variance) and `decode` methods. The
  parity tests copy these weights into the built-in modules.
- shapes/: a 3x32x32 problem (circles, squares, triangles in colour), a small CNN that expects normalised input, and a
  convolutional VAE (d = 8) whose encoder (traced, returns mean and log-variance) and decoder (traced) are separate files.
- broken/: modules for the validation tests: NaN logits, a decoder that cuts the gradient, a classifier of the wrong
  rank, a decoder of the wrong image size, a file that is not TorchScript.
- examples/shapes/: the shapes models with a manifest and an ImageFolder of test images, for the README's example.
"""
import json
import os
import struct
import zlib
from typing import Tuple

import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
CLASSES = ["circle", "square", "triangle"]


class MnistCnn(nn.Module):
    """The built-in MnistCnn's layers and names (dropout is the identity in eval mode)."""

    def __init__(self, classes: int = 10):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, 5, stride=2, padding=2)
        self.conv2 = nn.Conv2d(16, 32, 5, stride=2, padding=2)
        self.fc1 = nn.Linear(32 * 7 * 7, 128)
        self.fc2 = nn.Linear(128, classes)

    def forward(self, x):
        h = F.relu(self.conv1(x))
        h = F.relu(self.conv2(h))
        h = F.relu(self.fc1(h.flatten(1)))
        return self.fc2(h)


class MnistVae(nn.Module):
    """The built-in Vae's layers and names, one module with encode and decode."""

    def __init__(self, d: int):
        super().__init__()
        self.enc1 = nn.Linear(784, 512)
        self.enc2 = nn.Linear(512, 256)
        self.encMu = nn.Linear(256, d)
        self.encLogVar = nn.Linear(256, d)
        self.dec1 = nn.Linear(d, 256)
        self.dec2 = nn.Linear(256, 512)
        self.dec3 = nn.Linear(512, 784)

    @torch.jit.export
    def encode(self, x) -> Tuple[torch.Tensor, torch.Tensor]:
        h = F.relu(self.enc1(x.reshape(-1, 784)))
        h = F.relu(self.enc2(h))
        return self.encMu(h), self.encLogVar(h)

    @torch.jit.export
    def decode(self, z):
        h = F.relu(self.dec1(z))
        h = F.relu(self.dec2(h))
        return torch.sigmoid(self.dec3(h)).reshape(-1, 1, 28, 28)

    def forward(self, x):
        return self.decode(self.encode(x)[0])


class ShapesCnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 16, 3, stride=2, padding=1)
        self.conv2 = nn.Conv2d(16, 32, 3, stride=2, padding=1)
        self.fc = nn.Linear(32 * 8 * 8, len(CLASSES))

    def forward(self, x):
        h = F.relu(self.conv1(x))
        h = F.relu(self.conv2(h))
        return self.fc(h.flatten(1))


class ShapesEncoder(nn.Module):
    def __init__(self, d: int):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 16, 4, stride=2, padding=1)
        self.conv2 = nn.Conv2d(16, 32, 4, stride=2, padding=1)
        self.mu = nn.Linear(32 * 8 * 8, d)
        self.log_var = nn.Linear(32 * 8 * 8, d)

    def forward(self, x):
        h = F.relu(self.conv1(x))
        h = F.relu(self.conv2(h)).flatten(1)
        return self.mu(h), self.log_var(h)


class ShapesDecoder(nn.Module):
    def __init__(self, d: int):
        super().__init__()
        self.fc = nn.Linear(d, 32 * 8 * 8)
        self.up1 = nn.ConvTranspose2d(32, 16, 4, stride=2, padding=1)
        self.up2 = nn.ConvTranspose2d(16, 3, 4, stride=2, padding=1)

    def forward(self, z):
        h = F.relu(self.fc(z)).reshape(-1, 32, 8, 8)
        h = F.relu(self.up1(h))
        return torch.sigmoid(self.up2(h))


class NanClassifier(nn.Module):
    def forward(self, x):
        return x.flatten(1)[:, :3] * float("nan")


class RankTwoClassifier(nn.Module):
    """Returns one value per image: [N], not [N, K]."""

    def forward(self, x):
        return x.flatten(1).sum(1)


class DoubleClassifier(nn.Module):
    """Float64 logits for three classes."""

    def forward(self, x):
        return x.flatten(1)[:, :3].double()


class SmallDecoder(nn.Module):
    """d = 8 to 3x28x28: not the classifier's 3x32x32."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 3 * 28 * 28)

    def forward(self, z):
        return torch.sigmoid(self.fc(z)).reshape(-1, 3, 28, 28)


class DetachedDecoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 3 * 32 * 32)

    def forward(self, z):
        return torch.sigmoid(self.fc(z.detach())).reshape(-1, 3, 32, 32)


def shapes(n: int, generator: torch.Generator):
    """n images 3x32x32 in [0, 1] and their labels: a filled shape of one colour on a background of another, with noise."""
    ys, xs = torch.meshgrid(torch.arange(32.0), torch.arange(32.0), indexing="ij")
    labels = torch.randint(0, len(CLASSES), (n,), generator=generator)
    images = torch.empty(n, 3, 32, 32)
    for i in range(n):
        r = 5 + 6 * torch.rand(1, generator=generator).item()
        cx, cy = (r + (32 - 2 * r) * torch.rand(2, generator=generator)).tolist()
        if labels[i] == 0:
            mask = (xs - cx) ** 2 + (ys - cy) ** 2 <= r * r
        elif labels[i] == 1:
            mask = ((xs - cx).abs() <= r * 0.85) & ((ys - cy).abs() <= r * 0.85)
        else:
            top = cy - r
            mask = (ys >= top) & (ys <= cy + r) & ((xs - cx).abs() <= (ys - top) * 0.55)
        fg = torch.rand(3, 1, 1, generator=generator)
        bg = torch.rand(3, 1, 1, generator=generator) * 0.5
        image = torch.where(mask, fg, bg) + 0.08 * torch.randn(3, 32, 32, generator=generator)
        images[i] = image.clamp(0, 1)
    return images, labels


SHAPES_MEAN = [0.3, 0.3, 0.3]
SHAPES_STD = [0.3, 0.3, 0.3]


def normalise(x):
    mean = torch.tensor(SHAPES_MEAN).view(1, 3, 1, 1)
    std = torch.tensor(SHAPES_STD).view(1, 3, 1, 1)
    return (x - mean) / std


def train_shapes():
    g = torch.Generator().manual_seed(1)
    x, y = shapes(3000, g)
    # A classifier this small, trained this briefly, still gets about a quarter of the test images wrong: those are what
    # the example explains.
    cnn = ShapesCnn()
    opt = torch.optim.Adam(cnn.parameters(), lr=2e-3)
    for step in range(600):
        idx = torch.randint(0, len(x), (64,), generator=g)
        loss = F.cross_entropy(cnn(normalise(x[idx])), y[idx])
        opt.zero_grad()
        loss.backward()
        opt.step()
    d = 8
    encoder, decoder = ShapesEncoder(d), ShapesDecoder(d)
    opt = torch.optim.Adam(list(encoder.parameters()) + list(decoder.parameters()), lr=2e-3)
    for step in range(1500):
        idx = torch.randint(0, len(x), (64,), generator=g)
        mu, log_var = encoder(x[idx])
        z = mu + torch.randn(mu.shape, generator=g) * (0.5 * log_var).exp()
        rec = F.binary_cross_entropy(decoder(z), x[idx], reduction="sum") / 64
        kl = -0.5 * torch.sum(1 + log_var - mu ** 2 - log_var.exp()) / 64
        loss = rec + kl
        opt.zero_grad()
        loss.backward()
        opt.step()
        if step % 500 == 0:
            print(f"shapes VAE step {step}: loss {loss.item():.1f}")
    cnn.eval(), encoder.eval(), decoder.eval()
    return cnn, encoder, decoder


def write_png(path: str, image: torch.Tensor):
    """An RGB PNG from a 3xHxW tensor in [0, 1] (zlib and struct only, no imaging library needed)."""
    c, h, w = image.shape
    pixels = (image.clamp(0, 1) * 255).round().to(torch.uint8).permute(1, 2, 0).contiguous()
    raw = b"".join(b"\x00" + bytes(pixels[row].flatten().tolist()) for row in range(h))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)))
        f.write(chunk(b"IDAT", zlib.compress(raw, 9)))
        f.write(chunk(b"IEND", b""))


def save(module: torch.jit.ScriptModule, *parts: str):
    path = os.path.join(*parts)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    module.save(path)
    print(f"wrote {os.path.relpath(path, REPO)} ({os.path.getsize(path):,} bytes)")


def broken():
    torch.manual_seed(0)
    save(torch.jit.script(NanClassifier()), HERE, "broken", "nan-classifier.pt")
    save(torch.jit.script(RankTwoClassifier()), HERE, "broken", "rank-classifier.pt")
    save(torch.jit.trace(DetachedDecoder(), torch.zeros(1, 8)), HERE, "broken", "detached-decoder.pt")
    save(torch.jit.trace(SmallDecoder(), torch.zeros(1, 8)), HERE, "broken", "small-decoder.pt")
    save(torch.jit.script(DoubleClassifier()), HERE, "broken", "double-classifier.pt")
    with open(os.path.join(HERE, "broken", "not-torchscript.pt"), "w") as f:
        f.write("this is a text file, not a TorchScript archive\n")


def mnist():
    torch.manual_seed(0)
    mnist_cnn, mnist_vae = MnistCnn().eval(), MnistVae(8).eval()
    save(torch.jit.script(mnist_cnn), HERE, "mnist", "classifier.pt")
    save(torch.jit.script(mnist_vae), HERE, "mnist", "vae.pt")
    probe = torch.rand(2, 1, 28, 28, generator=torch.Generator().manual_seed(2))
    with torch.no_grad():
        reference = {"probe": probe.flatten().tolist(), "logits": mnist_cnn(probe).flatten().tolist(), "mean": mnist_vae.encode(probe)[0].flatten().tolist()}
    with open(os.path.join(HERE, "mnist", "reference.json"), "w") as f:
        json.dump(reference, f)
    with open(os.path.join(HERE, "mnist", "manifest.json"), "w") as f:
        json.dump({
            "name": "mnist-parity",
            "imageShape": [1, 28, 28],
            "valueRange": [0, 1],
            "classNames": [str(i) for i in range(10)],
            "classifier": {"file": "classifier.pt"},
            "latent": {"module": "vae.pt", "latentSize": 8, "encoderOutput": "mean-logvar"},
        }, f, indent=2)
        f.write("\n")


def shapes_reference():
    """PyTorch's own outputs of the saved shapes files on a probe batch, normalisation applied as the manifest says."""
    folder = os.path.join(HERE, "shapes")
    classifier = torch.jit.load(os.path.join(folder, "classifier.pt"))
    encoder = torch.jit.load(os.path.join(folder, "encoder.pt"))
    decoder = torch.jit.load(os.path.join(folder, "decoder.pt"))
    probe = torch.rand(2, 3, 32, 32, generator=torch.Generator().manual_seed(4))
    with torch.no_grad():
        mean = encoder(probe)[0]
        reference = {
            "probe": probe.flatten().tolist(),
            "logits": classifier(normalise(probe)).flatten().tolist(),
            "mean": mean.flatten().tolist(),
            "decoded": decoder(mean).flatten().tolist(),
        }
    with open(os.path.join(folder, "reference.json"), "w") as f:
        json.dump(reference, f)
    print(f"wrote {os.path.relpath(os.path.join(folder, 'reference.json'), REPO)}")


def shapes_example():

    cnn, encoder, decoder = train_shapes()
    example = torch.rand(1, 3, 32, 32)
    traced_encoder = torch.jit.trace(encoder, example)
    traced_decoder = torch.jit.trace(decoder, torch.zeros(1, 8))
    scripted_cnn = torch.jit.script(cnn)
    test_x, test_y = shapes(90, torch.Generator().manual_seed(3))
    with torch.no_grad():
        predicted = cnn(normalise(test_x)).argmax(1)
        mu, _ = encoder(test_x)
        mse = F.mse_loss(decoder(mu), test_x).item()
    print(f"shapes classifier: {(predicted == test_y).float().mean().item():.1%} right on 90 test images; VAE reconstruction MSE {mse:.4f}")

    manifest = {
        "name": "shapes",
        "imageShape": [3, 32, 32],
        "valueRange": [0, 1],
        "classNames": CLASSES,
        "classifier": {"file": "classifier.pt", "normalize": {"mean": SHAPES_MEAN, "std": SHAPES_STD}},
        "latent": {"encoder": "encoder.pt", "decoder": "decoder.pt", "latentSize": 8, "encoderOutput": "mean-logvar"},
    }
    for folder in (os.path.join(HERE, "shapes"), os.path.join(REPO, "examples", "shapes")):
        save(scripted_cnn, folder, "classifier.pt")
        save(traced_encoder, folder, "encoder.pt")
        save(traced_decoder, folder, "decoder.pt")
        with open(os.path.join(folder, "manifest.json"), "w") as f:
            json.dump(manifest, f, indent=2)
            f.write("\n")
    images = os.path.join(REPO, "examples", "shapes", "images")
    for i in range(len(test_x)):
        folder = os.path.join(images, CLASSES[test_y[i]])
        os.makedirs(folder, exist_ok=True)
        write_png(os.path.join(folder, f"{i:03d}.png"), test_x[i])

if __name__ == "__main__":
    import sys

    torch.set_num_threads(2)
    # Parts by name (mnist, shapes, reference, broken); all by default. Only shapes trains (about two minutes).
    parts = sys.argv[1:] or ["mnist", "shapes", "reference", "broken"]
    for part in parts:
        {"mnist": mnist, "shapes": shapes_example, "reference": shapes_reference, "broken": broken}[part]()
