// ---
// jupyter:
//   jupytext:
//     text_representation:
//       extension: .cs
//       format_name: percent
//       format_version: '1.3'
//       nbtools_format_version: '1'
//   kernelspec:
//     display_name: .NET (C#)
//     language: C#
//     name: .net-csharp
//   language_info:
//     file_extension: .cs
//     mimetype: text/x-csharp
//     name: C#
//     pygments_lexer: csharp
//     version: '13.0'
//   polyglot_notebook:
//     kernelInfo:
//       defaultKernelName: csharp
//       items:
//         - aliases: []
//           name: csharp
// ---

// %% [markdown]
// # Coffee prices, 2024
//
// Monthly arabica and robusta prices (USD per lb) and export shipments.
// This notebook is the NbTools walkthrough sample: it is read, diffed, merged and
// extracted by `nbtools`, so it stays small and its outputs are real text.

// %%
using System.IO;
using System.Linq;

var rows = File.ReadAllLines("coffee-prices.csv")
    .Skip(1)
    .Select(line => line.Split(','))
    .Select(f => (Month: f[0], Arabica: double.Parse(f[1]), Robusta: double.Parse(f[2]), Shipments: int.Parse(f[3])))
    .ToList();
Console.WriteLine($"{rows.Count} months loaded");

// %% [markdown]
// ## Summary statistics
//
// Mean price and the spread between the two varieties.

// %%
var meanArabica = rows.Average(r => r.Arabica);
var meanRobusta = rows.Average(r => r.Robusta);
(meanArabica, meanRobusta, Spread: meanArabica - meanRobusta)

// %%
var html = "<table><tr><th>month</th><th>arabica</th><th>robusta</th></tr>" +
    string.Concat(rows.TakeLast(3).Select(r => $"<tr><td>{r.Month}</td><td>{r.Arabica}</td><td>{r.Robusta}</td></tr>")) +
    "</table>";
display(HTML(html));

// %% [markdown]
// ## Trend
//
// A least-squares slope per month: how fast arabica got dearer.

// %%
double Slope(IReadOnlyList<double> ys)
{
    var n = ys.Count;
    var xMean = (n - 1) / 2.0;
    var yMean = ys.Average();
    var num = Enumerable.Range(0, n).Sum(x => (x - xMean) * (ys[x] - yMean));
    var den = Enumerable.Range(0, n).Sum(x => (x - xMean) * (x - xMean));
    return num / den;
}

var slope = Slope(rows.Select(r => r.Arabica).ToList());
Console.WriteLine($"arabica: +{slope:F3} USD/lb per month");

// %% [raw] format="text/plain"
// Data: illustrative monthly averages written for this sample.
