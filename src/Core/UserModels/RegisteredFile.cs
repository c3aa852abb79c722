namespace Orleans.Lse.Core.UserModels;

/// <summary>One TorchScript file of a registered model, with the SHA-256 it had when registered.</summary>
public sealed record RegisteredFile(string Path, long Bytes, string Sha256);
