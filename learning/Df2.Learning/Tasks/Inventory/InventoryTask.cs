using System.Globalization;
using Df2.Kernels.Ops;
using Df2.Learning.Data.RealWorld;
using Df2.Learning.Solvers;

namespace Df2.Learning.Tasks.Inventory;

/// <summary>
/// Inventory optimisation (App. F.5) on a STAND-IN data set (the paper's data are unnamed): x = past 14 days,
/// y = days 8..14 ahead (7 values), a ∈ [0, 3]⁷, cost <see cref="InventoryCost"/>; chronological 64/16/20 split.
/// Solver: projected Adam, lr 0.1, 500 iterations. Two sources (parameter <c>source</c>):
/// <list type="bullet">
/// <item><c>store-item</c> (default): one (store, item) of Kaggle Store Item Demand (<c>inventory/train.csv</c>, near-Poisson,
/// probably simulated), scaled so the training segment's maximum is 3 (= the action bound);</item>
/// <item><c>m5</c>: one Walmart item of the M5 excerpt (<c>inventory/m5/</c>, parameter <c>m5_series</c>), intermittent and
/// heavy-tailed, in unit sales (scale 1: the box [0, 3] read as units of a slow mover).</item>
/// </list>
/// </summary>
public sealed class InventoryTask(WindowedSeries series, string data, ProjectedAdamSolver solver, CostPath path)
    : SeparableBoxTask("inventory", InventoryCost.Create(), InventoryCost.Batched, InventoryCost.BatchedExpected, InventoryCost.Lo, InventoryCost.Hi,
        new TaskData(series.Train, series.Val, series.Test,
            $"STAND-IN data: {data}, scale {series.Scale.ToString("G6", CultureInfo.InvariantCulture)} per unit"),
        series.InputLength, 1, series.OutputLength, solver, [0.05, 0.1, 0.2], path)
{
    public static InventoryTask Load(string dataRoot, string source, int store, int item, string m5Series, int stride, ProjectedAdamSolver solver, CostPath path)
    {
        switch (source)
        {
            case "store-item":
            {
                var sales = StoreItemSeries.Load(DataRoot.File(dataRoot, "inventory", "train.csv"), store, item);
                var series = WindowedSeries.Build(sales, 14, 8, 7, stride, 0.64, 0.16, InventoryCost.Hi, "inventory");
                return new InventoryTask(series, $"Kaggle store-item-demand store={store} item={item} (train max → 3)", solver, path);
            }
            case "m5":
            {
                var sales = M5Series.Load(DataRoot.File(dataRoot, "inventory", "m5", "sales_train_validation.csv"), m5Series);
                double trainMax = sales[..(int)Math.Round(0.64 * sales.Length)].Max();
                var series = WindowedSeries.Build(sales, 14, 8, 7, stride, 0.64, 0.16, trainMax, "inventory (m5)");
                return new InventoryTask(series, $"M5 Walmart {m5Series} (unit sales)", solver, path);
            }
            default:
                throw new ParameterException("source", $"parameter 'source' = '{source}': expected 'store-item' or 'm5' for task inventory");
        }
    }
}
