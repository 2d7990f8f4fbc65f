using System.Globalization;
using Df2.Learning.Data.RealWorld;
using Df2.Learning.Solvers;

namespace Df2.Learning.Tasks.Inventory;

/// <summary>
/// Inventory optimisation (App. F.5) on a STAND-IN data set (Kaggle Store Item Demand, see
/// <c>inventory/SOURCE.md</c>; the paper's data are unnamed): one (store, item) series (default
/// store 1, item 1), x = past 14 days, y = days 8..14 ahead (7 values), a ∈ [0, 3]⁷, cost
/// <see cref="InventoryCost"/>; scaled so the training segment's maximum is 3 (= the action bound);
/// chronological 64/16/20 split. Solver: projected Adam, lr 0.1, 500 iterations.
/// </summary>
public sealed class InventoryTask(WindowedSeries series, int store, int item, ProjectedAdamSolver solver)
    : SeparableBoxTask("inventory", InventoryCost.Create(), InventoryCost.Batched, InventoryCost.BatchedExpected, InventoryCost.Lo, InventoryCost.Hi,
        new TaskData(series.Train, series.Val, series.Test,
            $"STAND-IN data: Kaggle store-item-demand store={store} item={item}, scale {series.Scale.ToString("G6", CultureInfo.InvariantCulture)} per unit (train max → 3)"),
        series.InputLength, 1, series.OutputLength, solver, ReproductionProfile.RealWorld, [0.05, 0.1, 0.2])
{
    public static InventoryTask Load(string dataRoot, int store, int item, int stride, ProjectedAdamSolver solver)
    {
        var sales = StoreItemSeries.Load(DataRoot.File(dataRoot, "inventory", "train.csv"), store, item);
        var series = WindowedSeries.Build(sales, 14, 8, 7, stride, 0.64, 0.16, InventoryCost.Hi, "inventory");
        return new InventoryTask(series, store, item, solver);
    }
}
