using Df2.Learning.Plugins;
using Df2.Learning.Running;
using Df2.Learning.Tasks.Synthetic;
using Xunit.Abstractions;

namespace Df2.Robust.Tests;

/// <summary>
/// Every (method, task) pair the plug-in catalog derives runs a tiny cell through the executor the workers use, in a
/// df2-worker child as the silos run it (PyEPO style: a new method or task is tested without touching this file). The
/// child matters: TorchSharp 0.107's Scalar handles are not safe against another thread's garbage collection (issue 17),
/// and an in-process pair failed CI that way once (chi2-dro on vaccine, "Scalar.h:140"). Each cell gets exactly the artifacts of the
/// dependency cells its method names (run once per distinct key), reports finite losses, and returns a finite regret;
/// a decision-cost task's regret against the per-sample oracle is never negative and every epoch is reported.
/// </summary>
public sealed class CatalogPairTests(ITestOutputHelper output)
{
    /// <summary>A tiny configuration of the DF2 family's tasks (every method's keys: they are global to those tasks).</summary>
    private static readonly Dictionary<string, string> TinyDecision = new()
    {
        ["epochs"] = "1", ["pretrain_epochs"] = "1", ["max_train"] = "48", ["max_test"] = "6", ["max_val"] = "6", ["batch"] = "16",
        ["hidden"] = "16", ["samples"] = "8", ["S"] = "12", ["J"] = "6", ["d"] = "8", ["solver_steps"] = "60",
        ["solver_starts"] = "3", ["ebm_proposals"] = "16", ["lodl_perturbations"] = "8", ["k"] = "2", ["fw_steps"] = "2",
    };

    /// <summary>Vaccine's graph network is the slowest: smaller still.</summary>
    private static readonly Dictionary<string, string> TinyVaccine = new(TinyDecision)
    {
        ["max_train"] = "8", ["max_test"] = "2", ["max_val"] = "2", ["batch"] = "4", ["S"] = "3", ["J"] = "2", ["samples"] = "2",
        ["solver_steps"] = "20", ["k"] = "1", ["hidden"] = "8", ["node_hidden"] = "4",
    };

    /// <summary>3D-Learning's task: one epoch of everything, a 2-iteration DDPM behind an open gate (the gate itself: GateTests).</summary>
    private static readonly Dictionary<string, string> TinyProvisioning = new()
    {
        ["dfl_epochs"] = "1", ["epochs"] = "1", ["test_rows"] = "28", ["fw_steps"] = "1",
        ["unet"] = "ch=4,mult=1-2,attn=1,res=1,dropout=0.1,groups=2", ["ddpm_iters"] = "2", ["ddpm_batch"] = "4",
        ["ddpm_ckpt_every"] = "1", ["diffusion_steps"] = "12", ["t_prime"] = "3", ["rounds"] = "1", ["inner_epochs"] = "1",
        ["inner_steps"] = "1", ["adv_batch"] = "2", ["ref_images"] = "2", ["adv_images"] = "2", ["corruptions"] = "gaussian:0.1",
        ["gate_w1"] = "1e30", ["gate_outside"] = "2", ["gate_lag1"] = "3", ["gate_images"] = "2",
    };

    /// <summary>
    /// By the plug-in that runs the pair: 3D-Learning's closed-form methods read their own keys; the DF2 family reads the
    /// trainer's, on llm-provisioning one whole test sequence (21 windows) of one 28-row sequence per file.
    /// </summary>
    private static Dictionary<string, string> Tiny(string method, ITaskPlugin task) =>
        Catalog.Default.MethodFor(new CellRequest(task.Name, method, new Dictionary<string, string>(), 0, 0)) is Methods.LlmMethod ? TinyProvisioning
        : task.Offers.HasFlag(TaskOffer.BudgetSimplex) ? TinyVaccine
        : SyntheticProblem.All.Any(p => p.Name == task.Name) ? new(TinyDecision) { ["n"] = "200" }
        : task.Offers.HasFlag(TaskOffer.SequenceImages) ? new(TinyDecision) { ["test_rows"] = "28", ["max_test"] = "21", ["max_val"] = "21" }
        : TinyDecision;

    private static readonly Dictionary<string, byte[]> Artifacts = new(StringComparer.Ordinal);

    public static TheoryData<string, string> Pairs()
    {
        var data = new TheoryData<string, string>();
        foreach (var (method, task) in Catalog.Default.Pairs) data.Add(method, task);
        return data;
    }

    [Fact]
    public void The_proposed_methods_are_the_papers_own_as_their_plug_ins_declare()
    {
        var c = Catalog.Default;
        Assert.Equal(["df2", "3dl"], c.MethodNames.Where(c.IsProposed));
        Assert.DoesNotContain(c.DependencyNames, c.IsProposed);
        Assert.False(c.IsProposed("spin"));   // a test executor's method: a baseline in its tables
    }

    [Fact]
    public void The_pairs_are_derived_from_needs_and_offers()
    {
        var c = Catalog.Default;
        Assert.Contains(("df2", "wind"), c.Pairs);
        Assert.Contains(("dfl", "vaccine"), c.Pairs);
        Assert.Contains(("dfl", "llm-provisioning"), c.Pairs);       // one name, the plug-in that fits the task
        Assert.Contains(("3dl", "llm-provisioning"), c.Pairs);
        Assert.DoesNotContain(("3dl", "wind"), c.Pairs);             // wind offers no sequence images
        Assert.Contains(("df2", "llm-provisioning"), c.Pairs);       // llm-provisioning is a decision-cost task too
        Assert.DoesNotContain(("so-ebm", "llm-provisioning"), c.Pairs); // it offers no separable box (no closed-form expectation)
        Assert.All(c.DependencyNames, d => Assert.DoesNotContain(c.Pairs, p => p.Method == d));
        Assert.NotSame(c.MethodFor(new("wind", "dfl", new Dictionary<string, string>(), 0, 0)),
                       c.MethodFor(new("llm-provisioning", "dfl", new Dictionary<string, string>(), 0, 0)));
        var e = Assert.ThrowsAny<ArgumentException>(() => c.Validate(new("wind", "3dl", new Dictionary<string, string>(), 0, 0)));
        Assert.Contains("does not fit task 'wind'", e.Message);
        Assert.Contains("SequenceImages", e.Message);
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Every_pair_runs_a_tiny_cell_through_the_executor(string method, string task)
    {
        var executor = WorkerCells.Shared.Executor;
        var request = new CellRequest(task, method, Tiny(method, Catalog.Default.Task(task)), 0, 0);
        executor.Validate(request);
        var inputs = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var d in executor.Dependencies(request))
        {
            var key = $"{task}|{d.Method}|" + string.Join(";", d.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
            byte[]? bytes;
            lock (Artifacts) Artifacts.TryGetValue(key, out bytes);
            if (bytes is null)
            {
                var dependency = executor.Run(new CellRequest(task, d.Method, d.Parameters, 0, 0), new MemorySink(), _ => { }, CancellationToken.None);
                Assert.True(double.IsNaN(dependency.Regret));
                bytes = dependency.Artifact ?? throw new InvalidOperationException($"{d.Method} returned no artifact");
                lock (Artifacts) Artifacts[key] = bytes;
            }
            inputs[d.Method] = bytes;
        }
        var epochs = new List<EpochReport>();
        var m = executor.Run(request with { Inputs = inputs }, new MemorySink(), epochs.Add, CancellationToken.None);
        output.WriteLine($"{method}/{task}: regret {m.Regret:G6}, epochs {m.Epochs}, reports {epochs.Count}");
        Assert.True(double.IsFinite(m.Regret), $"{method}/{task}: regret {m.Regret}");
        Assert.All(epochs, e => Assert.True(double.IsFinite(e.Loss), $"epoch {e.Epoch} loss {e.Loss}"));
        if (Catalog.Default.MethodFor(request) is not Methods.LlmMethod)   // the one trainer's cells
        {
            Assert.True(m.Regret > -1e-6, "regret against the per-sample oracle cannot be negative");
            Assert.Equal(m.Epochs, epochs.Count);
        }
        else Assert.True(double.IsFinite(m.Extra["regret_23D24D_gaussian"]));
    }
}
