using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.Lse.Core.Models;

namespace Orleans.Lse.Core.UserModels;

/// <summary>
/// A user's model described in manifest.json beside its TorchScript files: the classifier, the encoder and decoder (two
/// files, or one module with <c>encode</c> and <c>decode</c> methods), the image shape, the pixel value range the models
/// work in, the classifier's normalisation, the class names and the latent size. Files are relative to the manifest.
/// </summary>
public sealed record ModelManifest
{
    /// <summary>The manifest's file name in a registered model's folder.</summary>
    public const string FileName = "manifest.json";

    /// <summary>Default largest mean squared reconstruction error, in pixels scaled to [0, 1], a model is accepted with.</summary>
    public const double DefaultMaxReconstructionError = 0.05;

    public required string Name { get; init; }

    /// <summary>One image: channels, height, width.</summary>
    public required ImageShape ImageShape { get; init; }

    /// <summary>The pixel values the encoder takes and the decoder makes, and the classifier takes before normalisation. Default [0, 1].</summary>
    public (float Low, float High) ValueRange { get; init; } = (0, 1);
    public required IReadOnlyList<string> ClassNames { get; init; }
    public required string ClassifierFile { get; init; }
    public Normalization? Normalization { get; init; }

    /// <summary>The encoder's file; null where <see cref="ModuleFile"/> holds both.</summary>
    public string? EncoderFile { get; init; }
    public string? DecoderFile { get; init; }

    /// <summary>One module with <c>encode</c> and <c>decode</c> methods, instead of two files.</summary>
    public string? ModuleFile { get; init; }
    public required int LatentSize { get; init; }
    public EncoderOutput EncoderOutput { get; init; } = EncoderOutput.Mean;

    /// <summary>Largest mean squared reconstruction error (pixels in [0, 1]) accepted on a sample of the user's data.</summary>
    public double MaxReconstructionError { get; init; } = DefaultMaxReconstructionError;

    /// <summary>The TorchScript files, relative to the manifest.</summary>
    public IReadOnlyList<string> Files => ModuleFile is null ? [ClassifierFile, EncoderFile!, DecoderFile!] : [ClassifierFile, ModuleFile];

    private static readonly JsonSerializerOptions s_json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Reads and checks a manifest; every problem is named with the file and the field.</summary>
    public static ModelManifest Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new UserModelException($"{path}: no such manifest.");
        }

        ManifestJson? json;
        try
        {
            json = JsonSerializer.Deserialize<ManifestJson>(File.ReadAllText(path), s_json);
        }
        catch (JsonException ex)
        {
            throw new UserModelException($"{path}: {ex.Message}", ex);
        }

        return From(json ?? throw new UserModelException($"{path}: the manifest is empty (null)."), path);
    }

    /// <summary>The manifest as JSON, in the layout <see cref="Load"/> reads.</summary>
    public string ToJson() => JsonSerializer.Serialize(new ManifestJson
    {
        Name = Name,
        ImageShape = [ImageShape.Channels, ImageShape.Height, ImageShape.Width],
        ValueRange = [ValueRange.Low, ValueRange.High],
        ClassNames = [.. ClassNames],
        Classifier = new ClassifierJson { File = ClassifierFile, Normalize = Normalization is null ? null : new NormalizeJson { Mean = [.. Normalization.Mean], Std = [.. Normalization.Std] } },
        Latent = new LatentJson
        {
            Encoder = EncoderFile,
            Decoder = DecoderFile,
            Module = ModuleFile,
            LatentSize = LatentSize,
            EncoderOutput = EncoderOutput == EncoderOutput.MeanLogVar ? "mean-logvar" : "mean",
        },
        MaxReconstructionError = MaxReconstructionError,
    }, s_json);

    private static ModelManifest From(ManifestJson json, string path)
    {
        UserModelException Bad(string field, string problem) => new($"{path}: {field}: {problem}");
        string RelativeFile(string? value, string field)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                throw Bad(field, "a file name is required.");
            }

            if (Path.IsPathRooted(value) || value.Split('/', '\\').Any(p => p is ".." or ""))
            {
                throw Bad(field, $"'{value}' must be a path relative to the manifest's folder, inside it.");
            }

            if (Path.GetFileName(value) is FileName or "registration.json")
            {
                throw Bad(field, $"'{value}' is a name the registry keeps for itself; rename the file.");
            }

            return value.Replace('\\', '/');
        }

        if (string.IsNullOrWhiteSpace(json.Name))
        {
            throw Bad("name", "a name is required.");
        }

        if (json.ImageShape is not { Length: 3 } s || s.Any(v => v < 1))
        {
            throw Bad("imageShape", "three positive integers [C, H, W] are required.");
        }

        ImageShape shape;
        try
        {
            shape = new ImageShape(s[0], s[1], s[2]).Validated();
        }
        catch (ArgumentException ex)
        {
            throw Bad("imageShape", ex.Message);
        }

        var range = json.ValueRange ?? [0, 1];
        if (range.Length != 2 || !float.IsFinite(range[0]) || !float.IsFinite(range[1]) || range[0] >= range[1])
        {
            throw Bad("valueRange", "two finite numbers [low, high] with low < high are required.");
        }

        var names = json.ClassNames ?? throw Bad("classNames", "the class names are required (their count is the classifier's number of logits).");
        if (names.Length < 2 || names.Any(string.IsNullOrWhiteSpace) || names.Distinct(StringComparer.Ordinal).Count() != names.Length)
        {
            throw Bad("classNames", "at least two distinct, non-empty names are required.");
        }

        var classifier = json.Classifier ?? throw Bad("classifier", "required ({ \"file\": \"classifier.pt\" }).");
        Normalization? normalization = null;
        if (classifier.Normalize is { } n)
        {
            if (n.Mean?.Length != shape.Channels || n.Std?.Length != shape.Channels)
            {
                throw Bad("classifier.normalize", $"mean and std need one value per channel ({shape.Channels}).");
            }

            if (n.Mean.Any(v => !float.IsFinite(v)) || n.Std.Any(v => !float.IsFinite(v) || v <= 0))
            {
                throw Bad("classifier.normalize", "mean must be finite and std finite and positive.");
            }

            normalization = new Normalization(n.Mean, n.Std);
        }

        var latent = json.Latent ?? throw Bad("latent", "required ({ \"encoder\": ..., \"decoder\": ..., \"latentSize\": d } or { \"module\": ..., \"latentSize\": d }).");
        if (latent.Module is not null == (latent.Encoder is not null || latent.Decoder is not null))
        {
            throw Bad("latent", "give either \"module\" (one module with encode and decode methods) or both \"encoder\" and \"decoder\".");
        }

        if (latent.LatentSize is not (>= 1 and <= 1 << 16))
        {
            throw Bad("latent.latentSize", "an integer from 1 to 65536 is required.");
        }

        var output = latent.EncoderOutput switch
        {
            null or "mean" => EncoderOutput.Mean,
            "mean-logvar" => EncoderOutput.MeanLogVar,
            _ => throw Bad("latent.encoderOutput", $"'{latent.EncoderOutput}' is not one of mean, mean-logvar."),
        };
        double maxError = json.MaxReconstructionError ?? DefaultMaxReconstructionError;
        if (!double.IsFinite(maxError) || maxError <= 0)
        {
            throw Bad("maxReconstructionError", "a finite positive number is required.");
        }

        return new ModelManifest
        {
            Name = json.Name.Trim(),
            ImageShape = shape,
            ValueRange = (range[0], range[1]),
            ClassNames = names,
            ClassifierFile = RelativeFile(classifier.File, "classifier.file"),
            Normalization = normalization,
            ModuleFile = latent.Module is null ? null : RelativeFile(latent.Module, "latent.module"),
            EncoderFile = latent.Module is null ? RelativeFile(latent.Encoder, "latent.encoder") : null,
            DecoderFile = latent.Module is null ? RelativeFile(latent.Decoder, "latent.decoder") : null,
            LatentSize = latent.LatentSize.Value,
            EncoderOutput = output,
            MaxReconstructionError = maxError,
        };
    }

    private sealed class ManifestJson
    {
        public string? Name { get; set; }
        public int[]? ImageShape { get; set; }
        public float[]? ValueRange { get; set; }
        public string[]? ClassNames { get; set; }
        public ClassifierJson? Classifier { get; set; }
        public LatentJson? Latent { get; set; }
        public double? MaxReconstructionError { get; set; }
    }

    private sealed class ClassifierJson
    {
        public string? File { get; set; }
        public NormalizeJson? Normalize { get; set; }
    }

    private sealed class NormalizeJson
    {
        public float[]? Mean { get; set; }
        public float[]? Std { get; set; }
    }

    private sealed class LatentJson
    {
        public string? Encoder { get; set; }
        public string? Decoder { get; set; }
        public string? Module { get; set; }
        public int? LatentSize { get; set; }
        public string? EncoderOutput { get; set; }
    }
}
