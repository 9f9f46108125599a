// Writes coffee_prices.csv: made-up weekly retail prices (USD per pound) of four coffee brands.
// Run from this folder with `dotnet run generate.cs [SEED]`; the committed file was made with seed 2024.
// System.Random with a seed gives the same sequence on every .NET version, so the file is reproducible.
using System.Globalization;
using System.Text;

var seed = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2024;
var random = new Random(seed);
(string Name, double Base, double Trend)[] brands =
[
    ("Arabica Gold", 9.80, 0.012),
    ("Robusta Roast", 6.40, 0.009),
    ("Highland Blend", 8.10, 0.015),
    ("Morning Market", 5.20, 0.006),
];
var start = new DateOnly(2024, 1, 1);
var csv = new StringBuilder("date,brand,price\n");
for (var week = 0; week < 78; week++)
{
    var date = start.AddDays(7 * week);
    var season = 0.25 * Math.Sin(2 * Math.PI * week / 52.0);
    foreach (var (name, basePrice, trend) in brands)
    {
        // Box-Muller: one normal draw from two uniform ones.
        var noise = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var price = basePrice * (1 + trend * week / 4.0) + season + 0.35 * noise;
        csv.Append(CultureInfo.InvariantCulture, $"{date:yyyy-MM-dd},{name},{price:F2}\n");
    }
}
var path = Path.Combine(AppContext.GetData("EntryPointFileDirectoryPath") as string ?? ".", "coffee_prices.csv");
File.WriteAllText(path, csv.ToString());
Console.WriteLine($"{path}: {78 * brands.Length} rows, seed {seed}");
