using System.Globalization;
using Orleans.Lse.Core.Figures;
using Orleans.Lse.Core.Imaging;
using Orleans.Lse.Core.Models;
using Orleans.Lse.Core.Search;
using SkiaSharp;
using static TorchSharp.torch;

namespace Orleans.Lse.Core.Reports;

/// <summary>
/// Draws a run's figures (the paper's figures 2 to 9 as far as its latent sizes allow, bias heatmaps, success and
/// ||eps|| against d), exports its edge cases, and writes report.html, all under one folder. Figures that need a search's
/// path replay that search with the path recorded (the same options and seed, so the same search).
/// </summary>
public sealed class ReportBuilder(ReportInput input, Action<string>? log = null)
{
    /// <summary>The sections of a report, in order, by anchor.</summary>
    public static readonly IReadOnlyList<(string Id, string Title)> Sections =
    [
        ("summary", "Success and ||eps|| against latent size"),
        ("class-maps", "Class maps of a 2-D latent space (figures 2 to 4)"),
        ("strips", "Searches step by step (figures 7 and 8)"),
        ("galleries", "The same images across latent sizes (figures 5 and 6)"),
        ("local-minima", "Local minima (figure 9)"),
        ("bias", "Bias heatmaps"),
        ("edge-cases", "Edge cases"),
        ("runs", "Galleries and files of the run"),
    ];

    /// <summary>Most successful searches per latent size whose paths are replayed for edge cases.</summary>
    public int MaxEdgeCaseSearches { get; init; } = 200;

    /// <summary>Most successful searches per (mode, d) whose x' - x the bias heatmaps and galleries average (the first by id). Default 5000.</summary>
    public int MaxBiasSearches { get; init; } = 5000;

    /// <summary>Class-map cells per side. Default 160.</summary>
    public int MapCells { get; init; } = 160;

    /// <summary>Bootstrap resamples of the bias heatmaps. Default 200.</summary>
    public int BiasResamples { get; init; } = 200;

    private readonly Action<string> _log = log ?? (_ => { });
    private readonly List<ReportFigure> _figures = [];
    private readonly Dictionary<string, List<string>> _notes = [];
    private readonly List<string> _files = [];
    private string _directory = "";

    /// <summary>Writes the figures, edge cases and report.html into <paramref name="directory"/>; returns what it holds.</summary>
    public ReportContent Write(string directory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(directory);
        _directory = directory;
        Directory.CreateDirectory(Path.Combine(directory, "figures"));
        var summary = Summarise();
        DrawLatentSizeChart(directory, summary);
        string main = MainVariant();
        var byD = input.Searches.GroupBy(s => s.LatentSize).ToDictionary(g => g.Key, g => g.ToList());
        var deltas = new Dictionary<(int D, long Id), float[]>();
        foreach (var latent in input.Latents.OrderBy(l => l.LatentSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!byD.TryGetValue(latent.LatentSize, out var searches))
            {
                continue;
            }

            var probe = new LatentProbe(latent.Classifier, latent.Latent, input.Device);
            var engine = new LatentSearchEngine(latent.Classifier, latent.Latent, input.Device);
            var withEps = searches.Where(s => s.Eps.Length == latent.LatentSize).ToList();
            // One pass per image for all its searches (LAE has one per target).
            var explained = withEps.Where(s => s.Variant == main && s.Success).GroupBy(s => s.Mode).SelectMany(g => g.OrderBy(s => s.Id).Take(MaxBiasSearches));
            foreach (var group in explained.GroupBy(s => s.ImageRow))
            {
                var image = input.Image(group.Key);
                var items = group.ToList();
                var (_, perturbed) = probe.Perturbed(image, [.. items.Select(s => s.Eps)]);
                for (int i = 0; i < items.Count; i++)
                {
                    deltas[(latent.LatentSize, items[i].Id)] = [.. perturbed[i].Zip(image, (a, b) => a - b)];
                }
            }

            if (latent.LatentSize == 2)
            {
                ClassMaps(directory, probe, engine, withEps, main, cancellationToken);
                LocalMinima(directory, probe, engine, withEps, cancellationToken);
            }

            Strips(directory, probe, engine, latent.LatentSize, withEps, main, cancellationToken);
            Bias(directory, latent.LatentSize, withEps, main, deltas);
            EdgeCases(directory, probe, engine, latent.LatentSize, withEps, main, cancellationToken);
        }

        AcrossLatentSizes(directory, main, deltas);
        foreach (var file in input.Files.Where(f => f.EndsWith(".png", StringComparison.OrdinalIgnoreCase) && File.Exists(Path.Combine(directory, f))))
        {
            _figures.Add(new ReportFigure("runs", file, Path.GetFileNameWithoutExtension(file), "A gallery of the run: x, x' - x (min-max), x' and the signed x' - x per search."));
        }

        var content = new ReportContent { Input = input, Summary = summary, Figures = [.. _figures], Notes = _notes, Files = [.. _files] };
        HtmlReport.Write(Path.Combine(directory, HtmlReport.FileName), content, directory);
        _log($"report: {_figures.Count} figures, {_files.Count} files, {Path.Combine(directory, HtmlReport.FileName)}");
        return content;
    }

    private string MainVariant()
    {
        var variants = input.Searches.Select(s => s.Variant).Distinct().ToList();
        return variants.Contains("improved") ? "improved" : variants.FirstOrDefault() ?? "";
    }

    private List<SummaryRow> Summarise()
    {
        return [.. input.Searches.GroupBy(s => (s.Variant, s.Mode, s.LatentSize)).OrderBy(g => g.Key.Mode).ThenBy(g => g.Key.Variant).ThenBy(g => g.Key.LatentSize).Select(g =>
        {
            var ok = g.Where(s => s.Success).ToList();
            var steps = ok.Select(s => (double)s.Steps).Order().ToList();
            var paper = input.Published?.Invoke(g.Key.Mode, g.Key.LatentSize);
            return new SummaryRow(g.Key.Variant, g.Key.Mode.ToString().ToUpperInvariant(), g.Key.LatentSize, g.Count(), ok.Count, (double)ok.Count / g.Count(),
                ok.Count > 0 ? ok.Average(s => s.EpsNorm) : double.NaN, steps.Count > 0 ? steps[steps.Count / 2] : double.NaN, paper?.Rate, paper?.Eps);
        })];
    }

    private void DrawLatentSizeChart(string directory, IReadOnlyList<SummaryRow> summary)
    {
        var measured = summary.Select(r => new LatentSizeChart.Point($"{r.Mode} {r.Variant}", r.LatentSize, r.SuccessRate, r.MeanEpsNorm)).ToList();
        var published = summary.Where(r => r.PaperRate is not null).GroupBy(r => (r.Mode, r.LatentSize))
            .Select(g => new LatentSizeChart.Point($"paper {g.Key.Mode}", g.Key.LatentSize, g.First().PaperRate!.Value, g.First().PaperEps!.Value)).ToList();
        if (measured.Count == 0)
        {
            return;
        }

        Add("summary", "figures/success-eps-vs-d.png", "Success rate and mean ||eps|| against latent size",
            published.Count > 0 ? "Each line is one (mode, search variant); black markers are the paper's figures for MNIST (sections 3.2.1 and 3.2.2)." : "Each line is one (mode, search variant).",
            path => LatentSizeChart.Save(path, input.Dataset, measured, published));
    }

    private void ClassMaps(string directory, LatentProbe probe, LatentSearchEngine engine, List<ReportSearch> searches, string main, CancellationToken cancellationToken)
    {
        var lse = searches.Where(s => s.Mode == SearchMode.Lse && s.Variant == main).ToList();
        double radius = OptionsFor(main, SearchMode.Lse, 2).RadiusFor(2);
        var map = probe.DecodedClasses(LatentGrid.Square(0, 0, radius, MapCells));
        var encoded = probe.Encode([.. lse.Select(s => input.Image(s.ImageRow))]);
        Add("class-maps", "figures/fig2-class-map.png", "c(g(z)) over the latent plane",
            $"Each cell is coloured by the class the classifier gives the decoded latent g(z). The cross marks z = 0; circles mark e(x) of the {lse.Count} images LSE explains.",
            path =>
            {
                var figure = new ClassMapFigure(map, "c(g(z)) over z (d = 2)", "z1", "z2", input.ClassNames);
                figure.AddPoints([(0, 0)], "z = 0", ScottPlot.MarkerShape.Cross, ScottPlot.Colors.Black, 14);
                figure.AddPoints([.. encoded.Select(z => ((double)z[0], (double)z[1]))], "e(x) of explained images", ScottPlot.MarkerShape.OpenCircle, ScottPlot.Colors.Black, 6);
                figure.Save(path, 820, 700);
            });

        // The example: the paper's plain descent where it ran (its path is the paper's figure 4), a success without restarts
        // that took a few steps, so that the path shows.
        string pathVariant = searches.Any(s => s.Variant == "paper-gd") ? "paper-gd" : main;
        var example = searches.Where(s => s.Mode == SearchMode.Lse && s.Variant == pathVariant && s.Success && s.Restarts == 0)
            .OrderByDescending(s => Math.Min(s.Steps, 40)).ThenBy(s => s.ImageRow).FirstOrDefault();
        if (example is null)
        {
            Note("class-maps", "No successful LSE search at d = 2: figures 3 and 4 need one.");
            return;
        }

        var replay = Replay(engine, [example], pathVariant, SearchMode.Lse, every: 1, cancellationToken)[0];
        var path = Path2D(replay);
        var image = input.Image(example.ImageRow);
        double half = Math.Max(0.5, 1.3 * path.Append(example.Eps).Max(p => Math.Max(Math.Abs(p[0]), Math.Abs(p[1]))));
        var grid = probe.PerturbedClasses(image, LatentGrid.Square(0, 0, half, MapCells), example.Target);
        string label = $"image {example.ImageRow}, true {ClassName(example.TrueLabel)}, classified {ClassName(example.InitialPrediction)}";
        Add("class-maps", "figures/fig3-perturbation-map.png", "c(x') over eps for one image",
            $"For {label}: each cell is coloured by c(x') with x' = g(z + eps) + x - g(z). The cross marks eps = 0 (c(x') = c(x)).",
            file =>
            {
                var figure = new ClassMapFigure(grid, $"c(x') over eps, {label}", "eps1", "eps2", input.ClassNames);
                figure.AddPoints([(0, 0)], "eps = 0", ScottPlot.MarkerShape.Cross, ScottPlot.Colors.Black, 14);
                figure.Save(file, 820, 700);
            });

        int firstSuccess = Math.Min(example.Steps, path.Count - 1);
        int every = Math.Max(1, (int)Math.Ceiling(path.Count / 6.0));
        Add("class-maps", "figures/fig4-search-path.png", "The search's path over the class regions",
            $"The path of eps of the {pathVariant} search for {label} (replayed with every step recorded) over the classes of c(x'), with contours of the cross entropy towards {ClassName(example.Target)}; " +
            $"the diamond is the first success (step {example.Steps}), the cross where the search stopped (||eps|| {example.EpsNorm:0.###}, after refinement where the variant refines). Right: x' and x' - x at the labelled steps.",
            file =>
            {
                var figure = new ClassMapFigure(grid, $"path of eps, {label}", "eps1", "eps2", input.ClassNames);
                figure.AddLossContours();
                figure.AddPath([.. path.Take(firstSuccess + 1).Select(p => ((double)p[0], (double)p[1]))], firstSuccess, (example.Eps[0], example.Eps[1]), every, i => i);
                using var map = figure.Render(820, 700);
                var steps = Enumerable.Range(0, firstSuccess + 1).Where(i => i % every == 0 || i == firstSuccess).Distinct().ToList();
                using var strip = StripBitmap(probe, [(label, image, [.. steps.Select(i => path[i])], [.. steps.Select(i => $"step {i}")])], "x' and x' - x at the labelled steps");
                PanelRow.Save(file, map, strip);
            });
    }

    private void LocalMinima(string directory, LatentProbe probe, LatentSearchEngine engine, List<ReportSearch> searches, CancellationToken cancellationToken)
    {
        if (input.Oracle.Count == 0)
        {
            Note("local-minima", "The 2-D grid oracle did not run, so failed searches cannot be told apart from unreachable targets.");
            return;
        }

        var stuck = searches.Where(s => !s.Success && input.Oracle.TryGetValue(s.Id, out var o) && o.Solvable)
            .OrderBy(s => s.Variant == "paper-gd" ? 0 : 1).ThenBy(s => s.Mode).ThenBy(s => s.Id).ToList();
        int failed = searches.Count(s => !s.Success);
        Note("local-minima", $"{failed} searches failed at d = 2; the grid oracle finds the target reachable inside the data region for {stuck.Count} of them.");
        var shown = stuck.GroupBy(s => s.Variant).SelectMany(g => g.Take(3)).Take(3).ToList();
        if (shown.Count == 0)
        {
            return;
        }

        var panels = new List<SKBitmap>();
        try
        {
            foreach (var s in shown)
            {
                var replay = Replay(engine, [s], s.Variant, s.Mode, every: 1, cancellationToken)[0];
                var path = Path2D(replay);
                var oracle = input.Oracle[s.Id];
                double half = Math.Max(Math.Max(0.5, 1.2 * oracle.MinEpsNorm), 1.2 * path.Max(p => Math.Max(Math.Abs(p[0]), Math.Abs(p[1]))));
                var grid = probe.PerturbedClasses(input.Image(s.ImageRow), LatentGrid.Square(0, 0, half, MapCells / 2), s.Target);
                var figure = new ClassMapFigure(grid, $"{s.Mode.ToString().ToUpperInvariant()} {s.Variant}: image {s.ImageRow}, target {ClassName(s.Target)}", "eps1", "eps2", input.ClassNames);
                figure.AddLossContours();
                figure.AddPath([.. path.Select(p => ((double)p[0], (double)p[1]))], null, null, Math.Max(1, path.Count / 5), i => i);
                var circle = figure.Plot.Add.Circle(0, 0, oracle.MinEpsNorm);
                circle.LineColor = ScottPlot.Colors.Black.WithAlpha(0.8);
                circle.LineWidth = 1.5f;
                circle.LinePattern = ScottPlot.LinePattern.Dashed;
                circle.LegendText = "oracle's smallest ||eps||";
                panels.Add(figure.Render(640, 560));
            }

            Add("local-minima", "figures/fig9-local-minima.png", "Failed searches that a reachable target did not draw in",
                $"Each panel: the classes of c(x') over eps, contours of the cross entropy towards the target, the path of a failed search ({string.Join(", ", shown.Select(s => s.StopReason).Distinct())}), " +
                "and a circle of radius the oracle's smallest ||eps|| that reaches the target: the loss stopped falling short of a region that exists.",
                file => PanelRow.Save(file, panels));
        }
        finally
        {
            panels.ForEach(p => p.Dispose());
        }
    }

    private void Strips(string directory, LatentProbe probe, LatentSearchEngine engine, int d, List<ReportSearch> searches, string main, CancellationToken cancellationToken)
    {
        var rows = new List<(string Label, float[] Image, IReadOnlyList<float[]> Eps, IReadOnlyList<string> Captions)>();
        foreach (var mode in new[] { SearchMode.Lse, SearchMode.Lae })
        {
            var chosen = searches.Where(s => s.Mode == mode && s.Variant == main && s.Success && s.Steps >= 4).OrderBy(s => s.Id).Take(2).ToList();
            if (chosen.Count == 0)
            {
                continue;
            }

            var replays = Replay(engine, chosen, main, mode, every: 1, cancellationToken);
            for (int i = 0; i < chosen.Count; i++)
            {
                var s = chosen[i];
                var path = Points(replays[i], d);
                int last = Math.Min(s.Steps, path.Count - 1);
                int k = Math.Max(1, (int)Math.Ceiling(last / 7.0));
                var steps = Enumerable.Range(0, last + 1).Where(j => j % k == 0).Append(last).Distinct().ToList();
                rows.Add(($"{mode.ToString().ToUpperInvariant()} #{s.ImageRow} {ClassName(s.InitialPrediction)}->{ClassName(s.Target)}", input.Image(s.ImageRow), [.. steps.Select(j => path[j]), s.Eps], [.. steps.Select(j => $"step {j}"), "reported"]));
            }
        }

        if (rows.Count == 0)
        {
            Note("strips", $"d = {d}: no successful search of at least 4 steps to show.");
            return;
        }

        Add("strips", $"figures/strips-d{d}.png", $"x' and x' - x along searches, d = {d}",
            $"Each search takes two rows: x' and x' - x (min-max normalised) every k steps up to the first success, and at the eps it reported. The caption above each column is the step; the coloured frame is c(x')'s class.",
            file =>
            {
                using var sheet = StripBitmap(probe, rows, $"searches step by step, d = {d} ({main})");
                PngFile.Save(sheet, file);
            });
    }

    private void Bias(string directory, int d, List<ReportSearch> searches, string main, Dictionary<(int D, long Id), float[]> deltas)
    {
        foreach (var mode in new[] { SearchMode.Lse, SearchMode.Lae })
        {
            var ok = searches.Where(s => s.Mode == mode && s.Variant == main && s.Success && deltas.ContainsKey((d, s.Id))).ToList();
            int all = searches.Count(s => s.Mode == mode && s.Variant == main && s.Success);
            if (all > ok.Count)
            {
                Note("bias", $"{mode.ToString().ToUpperInvariant()} d = {d}: the heatmaps average the first {ok.Count:N0} of {all:N0} successful searches (by id).");
            }

            if (ok.Count < 2)
            {
                Note("bias", $"{mode.ToString().ToUpperInvariant()} d = {d}: fewer than 2 successful searches, no heatmap.");
                continue;
            }

            var estimates = new List<BiasEstimate> { BiasEstimate.Of("all", [.. ok.Select(s => deltas[(d, s.Id)])], BiasResamples, seed: input.Seed) };
            // LSE: per (true, predicted) pair; LAE: per (true, target) pair.
            var pairs = ok.GroupBy(s => (From: s.Mode == SearchMode.Lse ? s.InitialPrediction : s.TrueLabel, To: s.Target))
                .Where(g => g.Count() >= 3).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).Take(17);
            foreach (var g in pairs)
            {
                estimates.Add(BiasEstimate.Of($"{ClassName(g.Key.From)}->{ClassName(g.Key.To)}", [.. g.Select(s => deltas[(d, s.Id)])], BiasResamples, seed: input.Seed));
            }

            string name = mode.ToString().ToLowerInvariant();
            Add("bias", $"figures/bias-{name}-d{d}.png", $"Bias of {mode.ToString().ToUpperInvariant()} explanations, d = {d}",
                $"The mean of g(z + eps) - g(z) over {ok.Count} successful searches ({main}), overall and per {(mode == SearchMode.Lse ? "(classified, true) pair" : "(true, target) pair")} with at least 3 searches; " +
                "full colour where the 95% bootstrap interval excludes 0.",
                file => BiasHeatmaps.Save(file, $"mean x' - x, {mode.ToString().ToUpperInvariant()} d = {d} ({main})", estimates, input.Shape));
        }
    }

    private void EdgeCases(string directory, LatentProbe probe, LatentSearchEngine engine, int d, List<ReportSearch> searches, string main, CancellationToken cancellationToken)
    {
        var ok = searches.Where(s => s.Mode == SearchMode.Lse && s.Variant == main && s.Success).OrderBy(s => s.Id).Take(MaxEdgeCaseSearches).ToList();
        if (ok.Count == 0)
        {
            Note("edge-cases", $"d = {d}: no successful LSE search, no edge cases.");
            return;
        }

        var replays = Replay(engine, ok, main, SearchMode.Lse, every: 1, cancellationToken);
        var finder = new EdgeCaseFinder(probe);
        var cases = new List<EdgeCase>();
        for (int i = 0; i < ok.Count; i++)
        {
            var s = ok[i];
            var path = Points(replays[i], d).Take(s.Steps + 1).Append(s.Eps).ToList();
            if (finder.Find(s.Id, s.ImageRow, s.TrueLabel, s.Target, input.Image(s.ImageRow), path) is { } edge)
            {
                cases.Add(edge);
            }
        }

        string folder = $"edge-cases/d{d}";
        var written = EdgeCaseSet.Write(Path.Combine(directory, folder), cases, input.Shape, d, input.ClassNames);
        _files.AddRange(written.Select(f => $"{folder}/{f}"));
        Note("edge-cases", $"d = {d}: {cases.Count} pairs from {ok.Count} successful LSE searches ({System.Net.WebUtility.HtmlEncode(main)}), bisected to ||inside - outside|| <= {finder.Tolerance}: " +
            $"<a href=\"{folder}/manifest.csv\">manifest.csv</a>, <a href=\"{folder}/manifest.json\">manifest.json</a>, " +
            $"<a href=\"{folder}/images-idx3-ubyte\">images-idx3-ubyte</a>, <a href=\"{folder}/labels-idx1-ubyte\">labels-idx1-ubyte</a> (the original's true label as provisional label).");
        var initial = ok.ToDictionary(s => s.Id, s => s.InitialPrediction);
        var shown = cases.Take(12).ToList();
        if (shown.Count == 0)
        {
            return;
        }

        Add("edge-cases", $"figures/edge-cases-d{d}.png", $"Images on either side of the class boundary, d = {d}",
            "Per search: x, then x' just outside the true class's region and x' just inside it (the search's path bisected where it first crosses); captions are the classifier's verdicts.",
            file => TileSheet.Save(file, $"edge cases, d = {d}", ["x", "outside", "inside"], [.. shown.Select(c => ($"#{c.ImageRow} (true {ClassName(c.TrueLabel)})", (IReadOnlyList<Tile?>)[
                new Tile(ImageRaster.Linear(input.Image(c.ImageRow), input.Shape, 3), $"c = {ClassName(initial[c.SearchId])}"),
                new Tile(ImageRaster.Linear(c.OutsideImage, input.Shape, 3), $"c = {ClassName(c.OutsidePrediction)}", ClassPalette.For(c.OutsidePrediction)),
                new Tile(ImageRaster.Linear(c.InsideImage, input.Shape, 3), $"c = {ClassName(c.InsidePrediction)}", ClassPalette.For(c.InsidePrediction))]))],
                $"||inside - outside|| <= {finder.Tolerance}; the set with its manifest and IDX files is in {folder}/."));
    }

    private void AcrossLatentSizes(string directory, string main, Dictionary<(int D, long Id), float[]> deltas)
    {
        var sizes = deltas.Keys.Select(k => k.D).Distinct().Order().ToList();
        if (sizes.Count < 1)
        {
            return;
        }

        var lse = input.Searches.Where(s => s.Mode == SearchMode.Lse && s.Variant == main).ToList();
        var images = lse.GroupBy(s => s.ImageRow).Where(g => sizes.All(d => g.Any(s => s.LatentSize == d && deltas.ContainsKey((d, s.Id))))).Select(g => g.Key).Order().Take(8).ToList();
        if (images.Count == 0)
        {
            Note("galleries", "No image has a successful LSE search at every latent size.");
            return;
        }

        ReportSearch At(int row, int d) => lse.First(s => s.ImageRow == row && s.LatentSize == d && deltas.ContainsKey((d, s.Id)));
        Add("galleries", "figures/fig5-across-latent-sizes.png", "The same images explained at each latent size",
            "Per image: x, then for each d the explanation x' - x on a signed scale (red adds, blue removes) and x'. Captions give ||eps||.",
            file => TileSheet.Save(file, $"LSE across latent sizes ({main})", ["x", .. sizes.SelectMany(d => new[] { $"x'-x d={d}", $"x' d={d}" })],
                [.. images.Select(row => ($"#{row} {ClassName(At(row, sizes[0]).InitialPrediction)}->{ClassName(At(row, sizes[0]).Target)}", (IReadOnlyList<Tile?>)[
                    new Tile(ImageRaster.Linear(input.Image(row), input.Shape, 3)),
                    .. sizes.SelectMany(d =>
                    {
                        var s = At(row, d);
                        var delta = deltas[(d, s.Id)];
                        var x = input.Image(row);
                        return new Tile?[]
                        {
                            new Tile(ImageRaster.Diverging(delta, input.Shape, 3), $"|eps| {s.EpsNorm:0.##}"),
                            new Tile(ImageRaster.Linear([.. x.Zip(delta, (a, b) => a + b)], input.Shape, 3), $"c = {ClassName(s.FinalPrediction)}"),
                        };
                    })]))]));
        Add("galleries", "figures/fig6-min-max-perturbations.png", "Perturbations min-max normalised",
            "The same explanations with each x' - x stretched to its own range (black: most removed, white: most added), as the paper shows them: the shape of a change regardless of its size.",
            file => TileSheet.Save(file, $"x' - x min-max normalised ({main})", ["x", .. sizes.Select(d => $"d={d}")],
                [.. images.Select(row => ($"#{row}", (IReadOnlyList<Tile?>)[
                    new Tile(ImageRaster.Linear(input.Image(row), input.Shape, 3)),
                    .. sizes.Select(d => (Tile?)new Tile(Explanation(deltas[(d, At(row, d).Id)])))]))]));
    }

    /// <summary>Runs <paramref name="searches"/> again with eps recorded every <paramref name="every"/> steps.</summary>
    private IReadOnlyList<SearchResult> Replay(LatentSearchEngine engine, IReadOnlyList<ReportSearch> searches, string variant, SearchMode mode, int every, CancellationToken cancellationToken)
    {
        var options = OptionsFor(variant, mode, searches[0].LatentSize) with { TrajectoryEvery = every };
        var rows = searches.Select(s => s.ImageRow).Distinct().ToList();
        var index = rows.Select((r, i) => (r, i)).ToDictionary(p => p.r, p => p.i);
        var flat = new float[rows.Count * input.Shape.Values];
        for (int i = 0; i < rows.Count; i++)
        {
            input.Image(rows[i]).CopyTo(flat, i * input.Shape.Values);
        }

        using var scope = NewDisposeScope();
        var images = tensor(flat, input.Shape.Batch(rows.Count));
        var items = searches.Select(s => new SearchItem(s.Id, index[s.ImageRow], s.TrueLabel, s.Target, s.Mode)).ToList();
        return engine.Run(images, items, options, cancellationToken: cancellationToken);
    }

    private SearchOptions OptionsFor(string variant, SearchMode mode, int d) =>
        input.Options.TryGetValue((variant, mode, d), out var o) ? o : variant == "paper-gd" ? SearchOptions.Paper : SearchOptions.Improved;

    /// <summary>The replay's recorded eps, in order, up to the first that is not finite (a diverged descent).</summary>
    private static List<float[]> Points(SearchResult replay, int d) =>
        [.. Enumerable.Range(0, replay.Trajectory.Length / d).Select(i => replay.Trajectory.AsSpan(i * d, d).ToArray()).TakeWhile(p => p.All(float.IsFinite))];

    private static List<float[]> Path2D(SearchResult replay) => Points(replay, 2);

    private SKBitmap StripBitmap(LatentProbe probe, IReadOnlyList<(string Label, float[] Image, IReadOnlyList<float[]> Eps, IReadOnlyList<string> Captions)> rows, string title)
    {
        var sheetRows = new List<(string, IReadOnlyList<Tile?>)>();
        foreach (var (label, x, eps, captions) in rows)
        {
            var (predictions, perturbed) = probe.Perturbed(x, eps);
            sheetRows.Add(($"{label}  x'", [.. perturbed.Select((p, i) => (Tile?)new Tile(ImageRaster.Linear(p, input.Shape, 3), $"{captions[i]}: {ClassName(predictions[i])}", ClassPalette.For(predictions[i])))]));
            sheetRows.Add(("x' - x", [.. perturbed.Select(p => (Tile?)new Tile(Explanation([.. p.Zip(x, (a, b) => a - b)])))]));
        }

        try
        {
            return TileSheet.Render(title, [], sheetRows, "Frame colour: the class of c(x'); x' - x min-max normalised per picture.");
        }
        finally
        {
            foreach (var tile in sheetRows.SelectMany(r => r.Item2).OfType<Tile>())
            {
                tile.Bitmap.Dispose();
            }
        }
    }

    /// <summary>x' - x min-max normalised; at eps = 0 it is rounding noise only, drawn flat rather than stretched.</summary>
    private SKBitmap Explanation(float[] delta) =>
        delta.Where(float.IsFinite).Select(Math.Abs).DefaultIfEmpty(0).Max() < 1e-4f ? ImageRaster.Linear(new float[delta.Length], input.Shape, 3, -1, 1) : ImageRaster.MinMax(delta, input.Shape, 3);

    private void Add(string section, string file, string title, string caption, Action<string> draw)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        draw(Path.Combine(_directory, file));
        _figures.Add(new ReportFigure(section, file, title, caption));
        _files.Add(file);
        _log($"report: {file} ({clock.Elapsed.TotalSeconds:F1}s)");
    }

    private void Note(string section, string text)
    {
        if (!_notes.TryGetValue(section, out var list))
        {
            _notes[section] = list = [];
        }

        list.Add(text);
    }

    private string ClassName(int label) =>
        input.ClassNames is { } names && label >= 0 && label < names.Count ? names[label] : label.ToString(CultureInfo.InvariantCulture);
}
