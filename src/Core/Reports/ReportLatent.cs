using Orleans.Lse.Core.Models;

namespace Orleans.Lse.Core.Reports;

/// <summary>The models behind one latent size's searches: the classifier explained and the latent model searched.</summary>
public sealed record ReportLatent(int LatentSize, ImageClassifier Classifier, LatentModel Latent);
