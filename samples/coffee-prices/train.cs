#:project Coffee/Coffee.csproj
#:property PublishAot=false
// Trains the coffee-prices model through the library extracted from coffee_prices.ipynb (Coffee/):
//   dotnet run train.cs -- QUANTILE
// Runs go to ./mlruns (or MLFLOW_TRACKING_URI); the data path in the notebook is relative to this folder.
using System.Globalization;

var quantile = args.Length == 1 && double.TryParse(args[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var q) && q is >= 0 and <= 1
    ? q
    : throw new ArgumentException("usage: dotnet run train.cs -- QUANTILE (a number from 0 to 1)");
Coffee.CoffeePrices.Run(new() { quantile = quantile });
