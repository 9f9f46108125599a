using System.Globalization;
using System.Net;
using System.Text;
using NbTools.Tracking.FileStore;

namespace NbTools.Tracking.Reports;

/// <summary>
/// Runs side by side: which params differ, each metric's latest value, and – as one self-contained
/// HTML page – a line chart per metric over steps (inline SVG, no script) and a params table that
/// highlights what differs. Every name and value from the runs is HTML-escaped.
/// </summary>
public sealed class RunComparison(IReadOnlyList<RunRecord> runs, IReadOnlyDictionary<string, string>? experimentNames = null)
{
    private static readonly string[] Colors = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"];

    /// <summary>The runs compared, in the order given.</summary>
    public IReadOnlyList<RunRecord> Runs { get; } = runs;

    /// <summary>Every param key any run has, sorted.</summary>
    public IReadOnlyList<string> ParamKeys => Runs.SelectMany(r => r.Params.Keys).Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>Every metric key any run has, sorted.</summary>
    public IReadOnlyList<string> MetricKeys => Runs.SelectMany(r => r.Metrics.Keys).Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>True when the runs do not all have the same value (or presence) for the param.</summary>
    public bool ParamDiffers(string key) => Runs.Select(r => r.Params.GetValueOrDefault(key)).Distinct().Count() > 1;

    /// <summary>The comparison as text: params (differing rows marked *) and latest metrics.</summary>
    public string ToText()
    {
        var rows = new List<string[]> { Row("", "", Runs.Select(Label)) };
        foreach (var key in ParamKeys) rows.Add(Row(ParamDiffers(key) ? "*" : "", key, Runs.Select(r => r.Params.GetValueOrDefault(key) is { } value ? RunText.Cell(value) : "—")));
        foreach (var key in MetricKeys) rows.Add(Row("", key, Runs.Select(r => r.LatestMetrics.TryGetValue(key, out var v) ? RunText.Number(v) : "—")));
        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        var text = new StringBuilder();
        var paramRows = ParamKeys.Count;
        for (var i = 0; i < rows.Count; i++)
        {
            if (i == 1 && paramRows > 0) text.Append("params (* differs)\n");
            if (i == 1 + paramRows && MetricKeys.Count > 0) text.Append("metrics (latest)\n");
            text.Append(string.Join("  ", rows[i].Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd()).Append('\n');
        }
        return text.ToString();
    }

    private static string[] Row(string mark, string key, IEnumerable<string> cells) => [mark, key, .. cells];

    private string Label(RunRecord run) => run.RunName is { } name ? $"{name} ({run.RunId[..8]})" : run.RunId[..8];

    /// <summary>The self-contained HTML page.</summary>
    public string ToHtml()
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n");
        html.Append("<title>Run comparison</title>\n<style>\n");
        html.Append("body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}");
        html.Append("tr.differs td{background:#fff3c4}tr.differs td.key{font-weight:bold}.chart{display:inline-block;margin:0 1.5em 1.5em 0}.chart h3{margin:.2em 0;font-size:1em}.swatch{display:inline-block;width:.8em;height:.8em;margin-right:.3em}\n");
        html.Append("</style>\n</head>\n<body>\n<h1>Run comparison</h1>\n");

        html.Append("<table class=\"runs\">\n<tr><th></th><th>run</th><th>name</th><th>experiment</th><th>status</th><th>start (UTC)</th><th>duration</th><th>commit</th></tr>\n");
        for (var i = 0; i < Runs.Count; i++)
        {
            var run = Runs[i];
            html.Append("<tr><td><span class=\"swatch\" style=\"background:").Append(Colors[i % Colors.Length]).Append("\"></span></td>");
            Cell(html, run.RunId);
            Cell(html, run.RunName ?? "");
            Cell(html, experimentNames?.GetValueOrDefault(run.ExperimentId) ?? run.ExperimentId);
            Cell(html, run.Status.ToString().ToUpperInvariant());
            Cell(html, RunText.Start(run.StartTime));
            Cell(html, run.EndTime is { } end ? RunText.Duration(end - run.StartTime) : "");
            Cell(html, run.Tags.GetValueOrDefault("mlflow.source.git.commit") is { } commit ? commit[..Math.Min(10, commit.Length)] + (run.Tags.GetValueOrDefault("mlflow.source.git.dirty") == "true" ? " (dirty)" : "") : "");
            html.Append("</tr>\n");
        }
        html.Append("</table>\n");

        html.Append("<h2>Params</h2>\n<table class=\"params\">\n<tr><th>param</th>");
        foreach (var run in Runs) html.Append("<th>").Append(Escape(Label(run))).Append("</th>");
        html.Append("</tr>\n");
        foreach (var key in ParamKeys)
        {
            html.Append(ParamDiffers(key) ? "<tr class=\"differs\">" : "<tr>");
            html.Append("<td class=\"key\">").Append(Escape(key)).Append("</td>");
            foreach (var run in Runs) Cell(html, run.Params.GetValueOrDefault(key) ?? "—");
            html.Append("</tr>\n");
        }
        html.Append("</table>\n");

        html.Append("<h2>Metrics</h2>\n<table class=\"metrics\">\n<tr><th>metric (latest)</th>");
        foreach (var run in Runs) html.Append("<th>").Append(Escape(Label(run))).Append("</th>");
        html.Append("</tr>\n");
        foreach (var key in MetricKeys)
        {
            html.Append("<tr><td class=\"key\">").Append(Escape(key)).Append("</td>");
            foreach (var run in Runs) Cell(html, run.LatestMetrics.TryGetValue(key, out var v) ? RunText.Number(v) : "—");
            html.Append("</tr>\n");
        }
        html.Append("</table>\n");
        foreach (var key in MetricKeys) Chart(html, key);
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>One metric over steps: a polyline per run, axes labelled with the ranges.</summary>
    private void Chart(StringBuilder html, string key)
    {
        const double plotWidth = 350, height = 240, right = 10, top = 10, bottom = 30;
        var series = Runs.Select((run, i) => (Index: i, Points: run.Metrics.GetValueOrDefault(key)?
            .Where(p => RunText.Plottable(p.Value)).OrderBy(p => p.Step).ThenBy(p => p.Timestamp).ToList() ?? [])).ToList();
        var all = series.SelectMany(s => s.Points).ToList();
        if (all.Count == 0) return;
        double minX = all.Min(p => p.Step), maxX = all.Max(p => p.Step), minY = all.Min(p => p.Value), maxY = all.Max(p => p.Value);
        if (maxX == minX) { minX -= 1; maxX += 1; }
        if (maxY == minY) { minY -= Math.Abs(minY) * 0.1 + 1e-9; maxY += Math.Abs(maxY) * 0.1 + 1e-9; }
        string maxLabel = RunText.Number(maxY), minLabel = RunText.Number(minY);
        // Room for the longer y label at font-size 10 (at most about 6.5 px a character), so none is cut off.
        var left = Math.Max(40, 10 + 6.5 * Math.Max(maxLabel.Length, minLabel.Length));
        var width = left + plotWidth + right;
        double X(double step) => left + (step - minX) / (maxX - minX) * (width - left - right);
        double Y(double value) => top + (maxY - value) / (maxY - minY) * (height - top - bottom);
        static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

        html.Append("<div class=\"chart\"><h3>").Append(Escape(key)).Append("</h3>\n");
        html.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{F(width)}\" height=\"{F(height)}\" viewBox=\"0 0 {F(width)} {F(height)}\" role=\"img\">\n");
        html.Append("<title>").Append(Escape(key)).Append(" over steps</title>\n");
        html.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(left)}\" y1=\"{F(height - bottom)}\" x2=\"{F(width - right)}\" y2=\"{F(height - bottom)}\" stroke=\"#888\"/>");
        html.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(left)}\" y1=\"{F(top)}\" x2=\"{F(left)}\" y2=\"{F(height - bottom)}\" stroke=\"#888\"/>\n");
        html.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(left - 4)}\" y=\"{F(top + 10)}\" font-size=\"10\" text-anchor=\"end\">{Escape(maxLabel)}</text>");
        html.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(left - 4)}\" y=\"{F(height - bottom)}\" font-size=\"10\" text-anchor=\"end\">{Escape(minLabel)}</text>");
        html.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(left)}\" y=\"{F(height - 12)}\" font-size=\"10\">{Escape(RunText.Number(minX))}</text>");
        html.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(width - right)}\" y=\"{F(height - 12)}\" font-size=\"10\" text-anchor=\"end\">{Escape(RunText.Number(maxX))}</text>");
        html.Append(CultureInfo.InvariantCulture, $"<text x=\"{F((left + width) / 2)}\" y=\"{F(height - 2)}\" font-size=\"10\" text-anchor=\"middle\">step</text>\n");
        foreach (var (index, points) in series)
        {
            if (points.Count == 0) continue;
            var color = Colors[index % Colors.Length];
            if (points.Count == 1)
            {
                html.Append(CultureInfo.InvariantCulture, $"<circle class=\"series\" cx=\"{F(X(points[0].Step))}\" cy=\"{F(Y(points[0].Value))}\" r=\"3\" fill=\"{color}\"/>\n");
                continue;
            }
            html.Append("<polyline class=\"series\" fill=\"none\" stroke-width=\"1.5\" stroke=\"").Append(color).Append("\" points=\"");
            html.AppendJoin(' ', points.Select(p => F(X(p.Step)) + "," + F(Y(p.Value))));
            html.Append("\"/>\n");
        }
        html.Append("</svg></div>\n");
    }

    private static void Cell(StringBuilder html, string text) => html.Append("<td>").Append(Escape(text)).Append("</td>");

    private static string Escape(string text) => WebUtility.HtmlEncode(text);
}
