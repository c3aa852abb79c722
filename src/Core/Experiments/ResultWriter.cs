using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.Lse.Core.Imaging;
using Orleans.Lse.Core.Models;
using Orleans.Lse.Core.Search;
using static TorchSharp.torch;

namespace Orleans.Lse.Core.Experiments;

/// <summary>Writes a run's files: searches.csv, oracle.csv, report.json, summary.txt and PNG galleries.</summary>
public sealed class ResultWriter
{
    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;
    /// <summary>How result files serialise: indented, enums by name, NaN allowed.</summary>
    public static JsonSerializerOptions JsonOptions => s_json;

    private static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly StringBuilder _searches = new("variant,mode,d,id,image,true_label,target,initial_prediction,final_prediction,success,stop_reason,steps,total_steps,restarts,eps_norm,latent_norm,first_success_eps_norm,p_target\n");
    private readonly StringBuilder _oracle = new("id,solvable,min_eps_norm,points\n");

    public ResultWriter(string directory)
    {
        Directory = directory;
        System.IO.Directory.CreateDirectory(directory);
    }

    public string Directory { get; }

    public void AddSearches(string variant, int d, IEnumerable<SearchResult> results, IReadOnlyList<SearchItem> items)
    {
        var rows = items.ToDictionary(i => i.Id, i => i.ImageRow);
        foreach (var r in results)
        {
            _searches.AppendLine(s_inv, $"{variant},{r.Mode},{d},{r.Id},{rows[r.Id]},{r.TrueLabel},{r.Target},{r.InitialPrediction},{r.FinalPrediction},{r.Success},{r.StopReason},{r.Steps},{r.TotalSteps},{r.Restarts},{r.EpsNorm:0.######},{r.LatentNorm:0.######},{r.FirstSuccessEpsNorm:0.######},{r.Probabilities[r.Target]:0.######}");
        }
    }

    public void AddOracle(IEnumerable<OracleResult> results)
    {
        foreach (var o in results)
        {
            _oracle.AppendLine(s_inv, $"{o.Id},{o.Solvable},{o.MinEpsNorm:0.######},{o.Points}");
        }
    }

    public void WriteGallery(string fileName, string title, IReadOnlyList<SearchResult> results, IReadOnlyList<SearchItem> items, Tensor images, int maxRows, string labelName, IReadOnlyList<string>? classNames = null)
    {
        if (results.Count == 0 || maxRows == 0)
        {
            return;
        }

        var shape = images.dim() == 3 ? new ImageShape(1, (int)images.shape[1], (int)images.shape[2]) : new ImageShape((int)images.shape[1], (int)images.shape[2], (int)images.shape[3]);
        var rows = new List<GalleryRow>();
        for (int i = 0; i < results.Count && rows.Count < maxRows; i++)
        {
            var r = results[i];
            using var image = images[items[i].ImageRow].flatten();
            var original = image.data<float>().ToArray();
            rows.Add(new GalleryRow(original, r.Delta, r.Perturbed, shape, r.InitialPrediction, r.FinalPrediction, r.Target, r.Success,
                string.Create(s_inv, $"#{items[i].ImageRow} steps {r.Steps} |eps| {r.EpsNorm:0.###}")));
        }

        ExplanationGallery.Write(Path.Combine(Directory, fileName), title, rows, columns: 2, scale: 3, maxRows: maxRows, labelName: labelName, classNames: classNames);
    }

    public void Finish(ReproductionReport report) => Finish(report, PaperTable.Format(report));

    /// <summary>Writes searches.csv, oracle.csv (where the oracle ran), report.json (<paramref name="report"/>) and summary.txt.</summary>
    public void Finish<TReport>(TReport report, string summary)
    {
        Write("searches.csv", _searches.ToString());
        if (_oracle.Length > "id,solvable,min_eps_norm,points\n".Length)
        {
            Write("oracle.csv", _oracle.ToString());
        }

        Write("report.json", JsonSerializer.Serialize(report, s_json));
        Write("summary.txt", summary);
    }

    private void Write(string name, string content)
    {
        string path = Path.Combine(Directory, name), tmp = path + ".tmp";
        File.WriteAllText(tmp, content);
        File.Move(tmp, path, overwrite: true);
    }
}
