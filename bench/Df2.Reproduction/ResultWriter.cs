using System.Globalization;
using Df2.Learning.Running;

namespace Df2.Reproduction;

/// <summary>
/// Appends one CSV row per finished cell (thread-safe); writes the header for a new file. The last column,
/// <c>extra</c>, lists every other metric the cell reported (e.g. real-world <c>best_epoch</c>, <c>val_regret</c>,
/// <c>epoch_s_&lt;phase&gt;</c>, <c>test_cost</c>) as <c>key=value</c> pairs separated by <c>;</c>.
/// </summary>
public sealed class ResultWriter
{
    private readonly string _path;
    private readonly Lock _gate = new();
    private static readonly HashSet<string> Columns = ["seconds_per_epoch", "decide_seconds", "final_train_loss"];

    public ResultWriter(string path)
    {
        _path = path;
        if (!File.Exists(path))
            File.WriteAllText(path, "task,method,variant,seed,data_seed,regret,lower_bound,gap,epochs,train_seconds,seconds_per_epoch,decide_seconds,cell_seconds,final_train_loss,parameters,extra\n");
    }

    public void Write(CellPlan cell, CellMetrics m, double cellSeconds)
    {
        var r = cell.Request;
        string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        var ps = string.Join(";", r.Parameters.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"));
        var line = string.Join(",", r.Task, r.Method, cell.Variant, r.Seed, r.DataSeed, F(m.Regret), F(m.LowerBound ?? double.NaN),
            F(m.Gap ?? double.NaN), m.Epochs, F(m.TrainSeconds), F(m.Extra.GetValueOrDefault("seconds_per_epoch", double.NaN)), F(m.Extra.GetValueOrDefault("decide_seconds", double.NaN)),
            F(cellSeconds), F(m.Extra.GetValueOrDefault("final_train_loss", double.NaN)), ps,
            string.Join(";", m.Extra.Where(kv => !Columns.Contains(kv.Key)).OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={F(kv.Value)}")));
        lock (_gate) File.AppendAllText(_path, line + "\n");
    }
}
