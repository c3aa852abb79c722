using System.Text.RegularExpressions;

namespace Orleans.Lse.Tests;

/// <summary>Checks a report's links: every src and href is an embedded PNG, an anchor of the page, or a file beside it.</summary>
internal static partial class ReportLinks
{
    /// <summary>The links that do not resolve, each with why; empty when all do. Links that start with one of <paramref name="allowed"/> (a dashboard's address) are not checked.</summary>
    public static IReadOnlyList<string> Broken(string reportPath, params string[] allowed)
    {
        string html = File.ReadAllText(reportPath);
        string folder = Path.GetDirectoryName(Path.GetFullPath(reportPath))!;
        var ids = Ids().Matches(html).Select(m => m.Groups[1].Value).ToHashSet();
        var broken = new List<string>();
        foreach (Match m in Links().Matches(html))
        {
            string link = System.Net.WebUtility.HtmlDecode(m.Groups[2].Value);
            if (link.StartsWith("data:image/png;base64,", StringComparison.Ordinal))
            {
                var bytes = Convert.FromBase64String(link["data:image/png;base64,".Length..]);
                if (bytes.Length < 8 || bytes[1] != 'P' || bytes[2] != 'N' || bytes[3] != 'G')
                {
                    broken.Add($"{m.Groups[1].Value}: an embedded picture that is not a PNG");
                }
            }
            else if (allowed.Any(a => link.StartsWith(a, StringComparison.Ordinal)))
            {
                continue;
            }
            else if (link.StartsWith('#'))
            {
                if (!ids.Contains(link[1..]))
                {
                    broken.Add($"{link}: no element with that id");
                }
            }
            else if (link.Contains(':') || link.StartsWith('/') || link.Contains(".."))
            {
                broken.Add($"{link}: leaves the report's folder");
            }
            else if (!File.Exists(Path.Combine(folder, link)))
            {
                broken.Add($"{link}: no such file beside the report");
            }
        }

        return broken;
    }

    /// <summary>How many src and href attributes the report has.</summary>
    public static int Count(string reportPath) => Links().Matches(File.ReadAllText(reportPath)).Count;

    [GeneratedRegex("(src|href)=\"([^\"]*)\"")]
    private static partial Regex Links();

    [GeneratedRegex("id=\"([^\"]*)\"")]
    private static partial Regex Ids();
}
