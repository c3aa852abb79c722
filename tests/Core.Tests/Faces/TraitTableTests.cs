using Orleans.Lse.Core.Faces;

namespace Orleans.Lse.Core.Tests.Faces;

/// <summary>The CelebA table in the shape of the paper's table 1, as text and as HTML.</summary>
[Trait(TestCategory.Name, TestCategory.Fast)]
public sealed class TraitTableTests
{
    private static readonly TraitTableRow[] Rows =
    [
        new("Male", "LSE", 64, 4, 3, 0.75, 0.25, 0.2),
        new("Male", "LAE", 64, 2, 2, 1, 2.5, 2.5),
        new("Sideburns", "LSE", 64, 0, 0, double.NaN, double.NaN, double.NaN),
        new("<b>odd</b>", "LSE", 64, 1, 0, 0, double.NaN, double.NaN),
    ];

    [Fact]
    public void TheTextTableHasARowPerTraitModeAndDWithThePapersLseRateWhereLegible()
    {
        string[] lines = TraitTable.Text("faces on CelebA", Rows).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("faces on CelebA", lines[0].TrimEnd());
        var male = lines.Single(l => l.StartsWith("| Male", StringComparison.Ordinal) && l.Contains("| LSE", StringComparison.Ordinal));
        Assert.Equal(["Male", "LSE", "64", "4", "3", "75.00 %", "0.25", "0.2", "78 %"], Cells(male));
        Assert.Equal("-", Cells(lines.Single(l => l.Contains("| LAE", StringComparison.Ordinal)))[^1]); // the paper has no LAE column
        Assert.Equal(["Sideburns", "LSE", "64", "0", "0", "-", "-", "-", "-"], Cells(lines.Single(l => l.StartsWith("| Sideburns", StringComparison.Ordinal))));
        Assert.StartsWith("LSE: ", lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void TheHtmlTableEncodesItsTextAndShowsTheSameCells()
    {
        string html = TraitTable.Html(Rows);
        Assert.Contains("<tr><td class=\"l\">Male</td><td class=\"l\">LSE</td><td>64</td><td>4</td><td>3</td><td>75.00 %</td><td>0.25</td><td>0.2</td><td>78 %</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;odd&lt;/b&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>odd", html, StringComparison.Ordinal);
        Assert.Equal(Rows.Length, html.Split("<tr><td", StringSplitOptions.None).Length - 1);
    }

    private static string[] Cells(string line) => [.. line.Trim().Trim('|').Split('|').Select(c => c.Trim())];
}
