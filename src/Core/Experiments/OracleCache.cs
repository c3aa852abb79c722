using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Orleans.Lse.Core.Search;

namespace Orleans.Lse.Core.Experiments;

/// <summary>
/// Oracle verdicts are a pure function of the two models, the image, the target and the grid, so they are kept beside
/// the checkpoints, keyed by the models' weight checksums and the grid settings: a rerun with the same models only
/// computes the searches it has not seen.
/// </summary>
public sealed class OracleCache
{
    private readonly string _path;
    private readonly Dictionary<(int Image, int Target), OracleResult> _entries = [];

    public OracleCache(string directory, string classifierSha256, string vaeSha256, LatentGridOracle oracle, double radius)
    {
        ArgumentNullException.ThrowIfNull(oracle);
        string key = string.Create(CultureInfo.InvariantCulture, $"{classifierSha256}|{vaeSha256}|{oracle.CoarseStep}|{oracle.NearRadius}|{oracle.NearStep}|{radius}");
        string hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16];
        Directory.CreateDirectory(directory);
        _path = Path.Combine(directory, $"oracle-{hash}.csv");
        if (File.Exists(_path))
        {
            foreach (var line in File.ReadLines(_path).Skip(1))
            {
                var cells = line.Split(',');
                if (cells.Length == 5
                    && int.TryParse(cells[0], CultureInfo.InvariantCulture, out int image)
                    && int.TryParse(cells[1], CultureInfo.InvariantCulture, out int target)
                    && bool.TryParse(cells[2], out bool solvable)
                    && float.TryParse(cells[3], CultureInfo.InvariantCulture, out float norm)
                    && int.TryParse(cells[4], CultureInfo.InvariantCulture, out int points))
                {
                    // Ids are assigned on lookup; a malformed line is simply recomputed.
                    _entries[(image, target)] = new OracleResult(0, solvable, norm, points);
                }
            }
        }
    }

    /// <summary>Cached verdicts for the items it knows (with the items' ids), and the items it does not.</summary>
    public (List<OracleResult> Known, List<SearchItem> Missing) Split(IReadOnlyList<SearchItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var known = new List<OracleResult>();
        var missing = new List<SearchItem>();
        foreach (var item in items)
        {
            if (_entries.TryGetValue((item.ImageRow, item.Target), out var cached))
            {
                known.Add(cached with { Id = item.Id });
            }
            else
            {
                missing.Add(item);
            }
        }

        return (known, missing);
    }

    /// <summary>Adds fresh verdicts and rewrites the cache file atomically.</summary>
    public void Add(IReadOnlyList<SearchItem> items, IReadOnlyList<OracleResult> results)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(results);
        for (int i = 0; i < items.Count; i++)
        {
            _entries[(items[i].ImageRow, items[i].Target)] = results[i];
        }

        var sb = new StringBuilder("image,target,solvable,min_eps_norm,points\n");
        foreach (var ((image, target), r) in _entries.OrderBy(e => e.Key))
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"{image},{target},{r.Solvable},{r.MinEpsNorm:R},{r.Points}");
        }

        string tmp = _path + ".tmp";
        File.WriteAllText(tmp, sb.ToString());
        File.Move(tmp, _path, overwrite: true);
    }
}
