using NbTools.Benchmarks;

return BenchmarkCli.Run(args);
