using System.Text.Json.Nodes;

namespace Orleans.Lse.Core.Tests.UserModels;

/// <summary>Manifests written into a temporary folder beside copies of fixture files, for tests that change one thing.</summary>
internal static class ManifestFiles
{
    /// <summary>The shapes fixture's manifest as JSON, to change.</summary>
    public static JsonObject Shapes() => JsonNode.Parse(File.ReadAllText(TorchScriptFixtures.File("shapes", "manifest.json")))!.AsObject();

    /// <summary>Copies the fixture files named (relative to tests/Fixtures/TorchScript) into <paramref name="folder"/> under their file names and writes the manifest there.</summary>
    public static string Write(string folder, JsonObject manifest, params string[] fixtureFiles)
    {
        Directory.CreateDirectory(folder);
        foreach (string file in fixtureFiles)
        {
            File.Copy(TorchScriptFixtures.File(file.Split('/')), Path.Combine(folder, Path.GetFileName(file)), overwrite: true);
        }

        string path = Path.Combine(folder, "manifest.json");
        File.WriteAllText(path, manifest.ToJsonString());
        return path;
    }

    /// <summary>The shapes fixture's three files.</summary>
    public static string[] ShapesFiles { get; } = ["shapes/classifier.pt", "shapes/encoder.pt", "shapes/decoder.pt"];
}
