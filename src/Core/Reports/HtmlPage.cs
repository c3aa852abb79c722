using System.Globalization;
using System.Net;
using System.Text;

namespace Orleans.Lse.Core.Reports;

/// <summary>
/// The head of the project's self-contained pages (the reports, the comparison page, a CelebA campaign's report): an
/// inline style, no script, and a policy that lets in nothing from elsewhere, pictures only as data URIs.
/// </summary>
public static class HtmlPage
{
    /// <summary>The pages' inline style sheet.</summary>
    public const string Style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;max-width:1200px;padding:1rem 2rem;color:#222}
        h1{font-size:1.6rem}h2{margin-top:2.2rem;border-bottom:1px solid #ddd;padding-bottom:.2rem}h3{font-size:1.05rem}
        table{border-collapse:collapse;margin:.6rem 0}th,td{border:1px solid #ddd;padding:.25rem .55rem;text-align:right}
        th{background:#f3f5f8}td.l,th.l{text-align:left}figure{margin:1rem 0}figure img{max-width:100%;border:1px solid #eee}
        figcaption{color:#555;font-size:.9rem;max-width:70rem}pre{background:#f6f8fa;padding:.8rem;overflow:auto;font-size:.8rem}
        nav ol{columns:2}.note{color:#444}.muted{color:#777}code{font-size:.9em}
        """;

    /// <summary>A page titled <paramref name="title"/>, its body open; <paramref name="withImages"/> lets data: pictures in.</summary>
    public static StringBuilder Start(string title, bool withImages = true)
    {
        var html = new StringBuilder();
        html.AppendLine("<!DOCTYPE html>");
        html.AppendLine("<html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.AppendLine(CultureInfo.InvariantCulture, $"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';{(withImages ? " img-src data:;" : "")} style-src 'unsafe-inline'\">");
        html.AppendLine(CultureInfo.InvariantCulture, $"<title>{WebUtility.HtmlEncode(title)}</title><style>{Style}</style></head><body>");
        return html;
    }
}
