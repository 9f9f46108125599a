using System.Globalization;
using NbTools.Tracking;

// worker STORE EXPERIMENT WORKER_INDEX POINTS: one run with params, POINTS metric points and tags.
var tracker = Tracker.Open(args[0]);
var index = int.Parse(args[2], CultureInfo.InvariantCulture);
var points = int.Parse(args[3], CultureInfo.InvariantCulture);
using var run = tracker.StartRun(args[1], $"worker-{index}");
run.LogParam("worker", index).LogParam("points", points);
for (var step = 0; step < points; step++)
{
    run.LogMetric("loss", 1.0 / (step + 1), step);
    run.LogMetric("shared/progress", step, step); // every worker writes a key of the same name in its own run
}
run.SetTag("done", "yes");
run.End();
Console.WriteLine(run.Id);
