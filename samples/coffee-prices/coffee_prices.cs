// -*- coding: utf-8 -*-
// ---
// jupyter:
//   jupytext:
//     formats: ipynb,cs:percent
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
//     name: polyglot-notebook
//   polyglot_notebook:
//     kernelInfo:
//       defaultKernelName: csharp
//       items:
//         - aliases: []
//           name: csharp
// ---

// %% [markdown]
// # Coffee prices: a quantile baseline
//
// Weekly retail prices of four coffee brands (`data/coffee_prices.csv`, versioned with DVC). The model is the
// simplest one worth tracking: for each brand, predict a fixed **quantile** of that brand's training prices.
// The quantile is the hyperparameter (the `parameters` cell); R² and MAE on a held-out split say how good it is.
// Everything is logged with NbTools.Tracking – parameters, features and target, the data version (DVC digest and
// remote URL), the code version, the scores – and the model is saved and registered as `coffee-prices`.
//
// `nbtools extract coffee_prices.ipynb --out Coffee --name Coffee --tests` turns this notebook into a library whose
// `CoffeePrices.Run(new() { quantile = 0.9 })` does the same outside the kernel.

// %%
#i "nuget: ../../nupkg"
#r "nuget: NbTools.Interactive, 0.1.0"

// %% [markdown]
// Start a tracking run (MLflow's file store `./mlruns`, or `MLFLOW_TRACKING_URI`); C# cells use it as `run`.

// %%
// #!experiment coffee-prices

// %% tags=["parameters"]
double quantile = 0.5;      // the hyperparameter: which quantile of a brand's training prices to predict
int seed = 42;              // the train/test split
double testFraction = 0.25;
string dataPath = "data/coffee_prices.csv";
string modelName = "coffee-prices";

// %% [markdown]
// ## Data

// %%
using System.Globalization;
using System.IO;

public sealed record Sale(DateOnly Date, string Brand, double Price);

var sales = File.ReadLines(dataPath).Skip(1)
    .Select(line => line.Split(','))
    .Select(f => new Sale(DateOnly.ParseExact(f[0], "yyyy-MM-dd", CultureInfo.InvariantCulture), f[1], double.Parse(f[2], CultureInfo.InvariantCulture)))
    .ToList();
Console.WriteLine($"{sales.Count} rows from {sales.Min(s => s.Date):yyyy-MM-dd} to {sales.Max(s => s.Date):yyyy-MM-dd}");

// %% [markdown]
// The brand is the only feature: encoded as an integer code, in name order.

// %%
var brands = sales.Select(s => s.Brand).Distinct().Order(StringComparer.Ordinal).ToList();
var brandCode = brands.Select((brand, code) => (brand, code)).ToDictionary(p => p.brand, p => p.code);
string.Join(", ", brands.Select(b => $"{b} = {brandCode[b]}"))

// %%
var shuffled = sales.ToArray();
new Random(seed).Shuffle(shuffled);
var testCount = (int)Math.Round(shuffled.Length * testFraction);
var test = shuffled[..testCount];
var train = shuffled[testCount..];
Console.WriteLine($"train {train.Length} rows, test {test.Length} rows (seed {seed})");

// %% [markdown]
// ## Model: a quantile baseline

// %%
/// <summary>For each brand code, the given quantile of that brand's training prices.</summary>
public sealed record QuantileBaseline(double Quantile, IReadOnlyDictionary<int, double> PriceByBrand)
{
    public double Predict(int brand) => PriceByBrand[brand];

    public static QuantileBaseline Fit(IEnumerable<(int Brand, double Price)> rows, double quantile) =>
        new(quantile, rows.GroupBy(r => r.Brand).ToDictionary(g => g.Key, g => QuantileOf(g.Select(r => r.Price), quantile)));

    /// <summary>Linear interpolation between the closest ranks (numpy's default).</summary>
    public static double QuantileOf(IEnumerable<double> values, double q)
    {
        var sorted = values.Order().ToArray();
        var position = q * (sorted.Length - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
    }
}

var model = QuantileBaseline.Fit(train.Select(s => (brandCode[s.Brand], s.Price)), quantile);
string.Join(", ", brands.Select(b => $"{b}: {model.Predict(brandCode[b]):F2}"))

// %%
var actual = test.Select(s => s.Price).ToArray();
var predicted = test.Select(s => model.Predict(brandCode[s.Brand])).ToArray();
var mean = actual.Average();
var r2 = 1 - actual.Zip(predicted, (a, p) => (a - p) * (a - p)).Sum() / actual.Sum(a => (a - mean) * (a - mean));
var mae = actual.Zip(predicted, (a, p) => Math.Abs(a - p)).Average();
Console.WriteLine($"quantile {quantile}: R² {r2:F3}, MAE {mae:F3}");

// %% [markdown]
// ## Tracking: parameters, data and code version, scores, the model

// %%
using NbTools.Tracking.Versions;

run.LogParam("quantile", quantile)
   .LogParam("features", "brand")
   .LogParam("target", "price")
   .LogParam("seed", seed)
   .LogParam("testFraction", testFraction);
// The data version: DVC's digest of the file (param dvc.coffee_prices.csv.md5, and a dataset input), the md5 its
// .dvc file records, and – when .dvc/config names a remote – the data's URL there, as dvc.api.get_url gives it.
run.LogDataset(dataPath);
run.LogParam("data_version", DvcDigest.Recorded(dataPath)?.Md5 ?? "not tracked by DVC");
if (DvcRemote.UrlOf(dataPath) is { } dataUrl) run.LogParam("data_url", dataUrl);
// The code version is the run's tag mlflow.source.git.commit: #!experiment takes it from git in the kernel,
// the extracted library has it baked in at extraction (with the notebook's digest, nbtools.notebook.digest).
run.LogMetric("r2", r2).LogMetric("mae", mae);

// %%
using System.Text.Json;

var modelFolder = Directory.CreateTempSubdirectory("coffee-prices-model-").FullName;
var modelFile = Path.Combine(modelFolder, "model.json");
File.WriteAllText(modelFile, JsonSerializer.Serialize(new { quantile, priceByBrand = brands.ToDictionary(b => b, b => model.Predict(brandCode[b])) }));
run.LogArtifact(modelFile, "model");
Directory.Delete(modelFolder, recursive: true);
var registered = run.RegisterModel("model", modelName);
Console.WriteLine($"registered {registered.Name} version {registered.Version}");

// %%
// #!end-run

// %% [markdown]
// ## Checks (tests of the extracted library)

// %%
//| test
if (QuantileBaseline.QuantileOf([1.0, 2.0, 3.0, 4.0], 0.5) != 2.5) throw new Exception("the median of 1, 2, 3, 4 is 2.5");
if (QuantileBaseline.QuantileOf([1.0, 2.0, 3.0, 4.0], 1.0) != 4.0) throw new Exception("quantile 1 is the maximum");
var fitted = QuantileBaseline.Fit([(0, 1.0), (0, 3.0), (1, 10.0)], 0.5);
if (fitted.Predict(0) != 2.0 || fitted.Predict(1) != 10.0) throw new Exception("one quantile per brand");
