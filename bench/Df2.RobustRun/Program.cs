using System.Globalization;
using Df2.Specs;
using Df2.Learning.Running;
using Df2.Robust.Running;

// Runs every cell of a llm-provisioning sweep spec in this process, one after another (dependencies shared
// through shared_dir), and appends one CSV row per cell: key, status, regret, then the Extra columns.
// Usage: dotnet run -c Release --project bench/Df2.RobustRun -- <spec.yaml> <results.csv> [checkpoint dir]
if (args.Length < 2) { Console.Error.WriteLine("usage: Df2.RobustRun <spec.yaml> <results.csv> [checkpoint dir]"); return 2; }
var spec = SweepSpecParser.ParseFile(args[0]);
var cells = SweepExpander.Expand(spec);
var checkpoints = args.Length > 2 ? args[2] : Path.Combine(Path.GetTempPath(), "df2-robust-checkpoints", spec.Name);
foreach (var cell in cells)
{
    var request = new CellRequest(cell.Task, cell.Method, cell.Parameters, cell.Seed, cell.DataSeed);
    var sink = new FileCheckpointSink(Path.Combine(checkpoints, SharedDependencies.Hash(cell.Key) + ".ckpt"));
    Directory.CreateDirectory(checkpoints);
    string row;
    try
    {
        var m = RobustCellRunner.Run(request, sink, r => Console.WriteLine($"{cell.Key} epoch {r.Epoch}/{r.TotalEpochs} loss {r.Loss:G5} {r.EpochSeconds:F1}s"), CancellationToken.None);
        row = $"{cell.Key},done,{m.Regret.ToString("G6", CultureInfo.InvariantCulture)},{m.TrainSeconds:F1}," +
              string.Join(",", m.Extra.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}={kv.Value.ToString("G6", CultureInfo.InvariantCulture)}"));
    }
    catch (CellFailedException e) { row = $"{cell.Key},failed,,,\"{e.Message}\""; }
    Console.WriteLine(row);
    File.AppendAllLines(args[1], [row]);
}
return 0;
