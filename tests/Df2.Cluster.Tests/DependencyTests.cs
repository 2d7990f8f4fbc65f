using Df2.Client;
using Df2.Silo.Core;
using Df2.GrainInterfaces;
using Df2.Grains;
using Df2.Specs;

namespace Df2.Cluster.Tests;

/// <summary>
/// Cells that depend on other cells, on the in-process two-silo test cluster with "spin" cells (they sleep, never train):
/// the client adds one dependency cell for identical dependencies, the sweep grain runs it once before its dependents and
/// hands them its artifact; a failed dependency fails its dependents with its reason and the sweep still finishes.
/// </summary>
[Collection(GrainCollection.Name)]
public class DependencyTests(GrainClusterFixture fx)
{
    /// <summary>Two methods × one seed, both naming the same spin dependency "shared" (3 epochs of 150 ms).</summary>
    private static PreparedSweep Shared(string name, string extra = "") => SweepSubmission.Prepare($$"""
        name: {{name}}
        seeds: [0]
        defaults: { epochs: 2, spin_ms: 20, dep: shared, dep_epochs: 3, dep_ms: 150{{extra}} }
        tasks: [spin-task]
        methods: [spin-a, spin-b]
        """, name, new SpinCellExecutor());

    private async Task<List<CellView>> Run(PreparedSweep prepared)
    {
        var sweep = fx.Grains.GetGrain<ISweepGrain>(prepared.SweepId);
        await sweep.SubmitAsync(prepared.Spec.Name, prepared.Descriptions());
        var cells = await Wait.Until(() => sweep.AllCellsAsync(refresh: true), c => c.All(x => x.Finished), TimeSpan.FromSeconds(40), "sweep finished");
        Assert.Equal("finished", (await sweep.StatusAsync())!.State);
        return cells;
    }

    [Fact]
    public void Identical_dependencies_become_one_cell_listed_before_its_dependents()
    {
        var prepared = Shared("deps-expand");
        var keys = prepared.Cells.Select(c => c.Key).ToList();
        Assert.Equal(["spin-task/spin-dep[artifact=shared,epochs=3,spin_ms=150]/seed=0/data=0",
            "spin-task/spin-a/seed=0/data=0", "spin-task/spin-b/seed=0/data=0"], keys);
        Assert.Empty(prepared.Cells[0].DependsOn);
        Assert.All(prepared.Cells.Skip(1), c => Assert.Equal([keys[0]], c.DependsOn));
        Assert.Equal(new Dictionary<string, string> { ["artifact"] = "shared", ["epochs"] = "3", ["spin_ms"] = "150" }, prepared.Descriptions()[0].Parameters);
        Assert.Equal([keys[0]], prepared.Descriptions()[2].DependsOn);
    }

    [Fact]
    public async Task A_shared_dependency_runs_once_before_both_dependents_and_both_receive_its_artifact()
    {
        var cells = await Run(Shared("deps-shared"));
        var dependency = Assert.Single(cells, c => c.Method == SpinCellExecutor.DependencyMethod);
        Assert.Equal((CellStatus.Done, 1, 1, 0), (dependency.Status, dependency.Attempt, dependency.Completions, dependency.DuplicateCompletions));
        Assert.NotNull(dependency.Result!.Artifact);
        var dependents = cells.Where(c => c != dependency).ToList();
        Assert.Equal(2, dependents.Count);
        Assert.All(dependents, c =>
        {
            Assert.Equal((CellStatus.Done, 1), (c.Status, c.Attempt));
            Assert.Equal("spin artifact shared".Length, c.Result!.Extra["dependency_bytes"]);
            Assert.True(c.StartedAt >= dependency.FinishedAt, $"{c.Key} started {c.StartedAt:O} before its dependency finished {dependency.FinishedAt:O}");
        });
        var table = await fx.Grains.GetGrain<ISweepGrain>(cells[0].SweepId).TableAsync(TableFormat.Markdown);
        Assert.DoesNotContain("| spin-dep", table);
        Assert.Contains("| spin-a | 0 ± 0 (n=1) |", table);
        Assert.Contains("Dependency cells (", table);
        Assert.Contains("spin-dep 1 done.", table);
    }

    [Fact]
    public async Task A_failed_dependency_fails_its_dependents_with_its_reason_and_the_sweep_finishes()
    {
        var cells = await Run(Shared("deps-fail", ", dep_fail: nan"));
        var dependency = Assert.Single(cells, c => c.Method == SpinCellExecutor.DependencyMethod);
        Assert.Equal((CellStatus.Failed, 1, "loss became NaN at epoch 1"), (dependency.Status, dependency.Attempt, dependency.Reason));
        Assert.All(cells.Where(c => c != dependency), c =>
        {
            Assert.Equal((CellStatus.Failed, 0), (c.Status, c.Attempt));   // never handed to a worker
            Assert.Equal($"dependency {dependency.Key} failed: loss became NaN at epoch 1", c.Reason);
        });
    }

    [Fact]
    public async Task A_dependency_that_is_not_an_earlier_cell_is_refused_on_submit()
    {
        var cell = new CellDescription("t/spin/seed=0/data=0", "t", "spin", "", [], 0, 0, ["t/missing/seed=0/data=0"]);
        var e = await Assert.ThrowsAsync<ArgumentException>(() => fx.Grains.GetGrain<ISweepGrain>("deps-bad").SubmitAsync("bad", [cell]));
        Assert.Contains("t/missing/seed=0/data=0", e.Message);
        Assert.Null(await fx.Grains.GetGrain<ISweepGrain>("deps-bad").StatusAsync());
    }
}
