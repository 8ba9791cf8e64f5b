using System.Globalization;
using System.Net;
using System.Text;
using Harness.Reports.Tables;
using Harness.Reports.Trials;

namespace Harness.Reports.Html;

/// <summary>
/// A self-contained HTML page built in order: sections, paragraphs, tables, figures, notes. Figures are embedded
/// as PNG data: URIs (the page opens alone, e.g. as a mail attachment) and link to their PNG and SVG files beside
/// it. Inline CSS and one inline script that marks &lt;body data-images="ok"&gt; once every image has loaded with a non-zero width (or
/// "broken: names" otherwise), which headless checks read.
/// </summary>
internal sealed class HtmlPage(string title)
{
    private readonly StringBuilder _body = new();
    private readonly List<(string Id, string Title)> _toc = [];

    private static string E(string s) => WebUtility.HtmlEncode(s);

    public void Section(string heading, string intro)
    {
        var id = ReportWriter.Safe(heading.ToLowerInvariant());
        _toc.Add((id, heading));
        _body.Append($"<h2 id=\"{id}\">{E(heading)}</h2>\n<p>{E(intro)}</p>\n");
    }

    public void Paragraph(string text) => _body.Append($"<p>{E(text)}</p>\n");

    public void Note(string text) => _body.Append($"<p class=\"note\">{E(text)}</p>\n");

    /// <summary>A figure: <paramref name="pngBytes"/> embedded, linking to the files at relative paths <paramref name="png"/> and <paramref name="svg"/>.</summary>
    public void Figure(string caption, string png, string svg, byte[] pngBytes) =>
        _body.Append($"<figure><a href=\"{E(png)}\"><img src=\"data:image/png;base64,{Convert.ToBase64String(pngBytes)}\" " +
                     $"data-file=\"{E(png)}\" alt=\"{E(caption)}\"></a>" +
                     $"<figcaption>{E(caption)} <span class=\"links\">[<a href=\"{E(png)}\">png</a> · <a href=\"{E(svg)}\">svg</a>]</span></figcaption></figure>\n");

    /// <summary>A small two-column table of names and values under an &lt;h3&gt; heading.</summary>
    public void Definitions(string heading, IEnumerable<(string Name, string Value)> rows)
    {
        _body.Append($"<h3>{E(heading)}</h3>\n<table class=\"defs\">\n<tbody>\n");
        foreach (var (name, value) in rows) _body.Append($"<tr><th>{E(name)}</th><td>{E(value)}</td></tr>\n");
        _body.Append("</tbody></table>\n");
    }

    public void Table(AccuracyTable t, IEnumerable<(string Label, string Path)> links)
    {
        int d = t.Metric.Decimals();
        string F(double x) => x.ToString("F" + d, CultureInfo.InvariantCulture);
        _body.Append($"<h3>{E(t.Metric.Label())}</h3>\n<table>\n<thead><tr>");
        foreach (var h in t.KeyNames.Concat(["n", "mean ± std", "best"]).Concat(t.HasPublished ? ["published"] : []))
            _body.Append($"<th>{E(h)}</th>");
        _body.Append("</tr></thead>\n<tbody>\n");
        foreach (var r in t.Rows)
        {
            _body.Append(r.IsBest ? "<tr class=\"best\">" : "<tr>");
            foreach (var c in r.Keys.Select(TrialSet.Display).Concat([r.N.ToString(CultureInfo.InvariantCulture), TableWriter.MeanStd(r.Mean, r.Std, r.N, d), F(r.Best)])
                         .Concat(t.HasPublished ? [r.Published?.ToString("F2", CultureInfo.InvariantCulture) ?? "–"] : []))
                _body.Append($"<td>{E(c)}</td>");
            _body.Append("</tr>\n");
        }
        _body.Append("</tbody></table>\n<p class=\"links\">");
        _body.Append(string.Join(" · ", links.Select(l => $"<a href=\"{E(l.Path)}\">{E(l.Label)}</a>")));
        _body.Append("</p>\n");
    }

    public string Render()
    {
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        sb.Append($"<title>{E(title)}</title>\n");
        sb.Append("""
            <style>
            body { font-family: "DejaVu Sans", Verdana, sans-serif; margin: 2em auto; max-width: 1000px; color: #222; }
            h1 { font-size: 1.6em; } h2 { border-bottom: 1px solid #ccc; margin-top: 2em; }
            table { border-collapse: collapse; margin: 0.5em 0; font-size: 0.9em; }
            th, td { border: 1px solid #ccc; padding: 0.2em 0.6em; text-align: right; }
            th { background: #f0f0f0; } table.defs th, table.defs td { text-align: left; font-family: monospace; } tr.best td { font-weight: bold; background: #eef7ee; }
            figure { margin: 1.5em 0; } img { max-width: 100%; border: 1px solid #ddd; }
            figcaption { font-size: 0.9em; color: #444; } .links { font-size: 0.85em; color: #666; }
            .note { background: #fff6e0; border-left: 4px solid #e0a000; padding: 0.4em 0.8em; }
            </style>
            </head>
            <body data-images="pending">

            """);
        sb.Append($"<h1>{E(title)}</h1>\n<nav><ul>");
        foreach (var (id, t) in _toc) sb.Append($"<li><a href=\"#{id}\">{E(t)}</a></li>");
        sb.Append("</ul></nav>\n");
        sb.Append(_body);
        sb.Append("""
            <script>
            window.addEventListener("load", function () {
              var broken = Array.prototype.filter.call(document.images, function (i) { return !i.complete || i.naturalWidth === 0; })
                .map(function (i) { return i.getAttribute("data-file") || i.getAttribute("src"); });
              document.body.setAttribute("data-images", broken.length === 0 ? "ok" : "broken: " + broken.join(" "));
            });
            </script>
            </body>
            </html>

            """);
        return sb.ToString();
    }
}
