namespace Df2.Cluster.Tests;

/// <summary>Small sweep specs the tests run (real cells use tiny parameters the learning core accepts).</summary>
public static class TinySpecs
{
    /// <summary>Real training: synthetic-convex × {df2 (S 20, J 5), policy-net, two-stage-pe} × seeds {0,1}, 2 epochs, n 500.</summary>
    public const string Real = """
        name: tiny-real
        seeds: [0, 1]
        data_seeds: [0]
        defaults: { epochs: 2, n: 500, solver_steps: 50 }
        tasks:
          - synthetic-convex
        methods:
          - name: df2
            params: { S: 20, J: 5 }
          - policy-net
          - two-stage-pe
        """;

    /// <summary>The dashboard's sweep: both synthetic tasks × {df2, policy-net, two-stage-pe, two-stage-gmm} × seeds {0, 1}, tiny.</summary>
    public const string Dashboard = """
        name: dashboard
        seeds: [0, 1]
        defaults: { epochs: 3, n: 500, solver_steps: 50 }
        tasks:
          - synthetic-convex
          - synthetic-nonconvex
        methods:
          - name: df2
            params: { S: 50, J: 10 }
          - policy-net
          - two-stage-pe
          - name: two-stage-gmm
            params: { k: 2, samples: 10 }
        """;

    /// <summary>Real cell whose loss turns NaN (lr 1e12 on the point forecaster) next to a healthy one.</summary>
    public const string Nan = """
        name: tiny-nan
        seeds: [0]
        defaults: { epochs: 2, n: 500, solver_steps: 50 }
        tasks: [synthetic-convex]
        methods:
          - name: two-stage-pe
            params: { lr: 1e12 }
          - policy-net
        """;

    /// <summary>Trivial "spin" cells (sleep, no training) for scheduler and fault tests.</summary>
    public static string Spin(string name, int cells, int epochs, int spinMs) => $"""
        name: {name}
        seeds: [{string.Join(", ", Enumerable.Range(0, cells))}]
        defaults: {"{"} epochs: {epochs}, spin_ms: {spinMs} {"}"}
        tasks: [spin-task]
        methods: [spin]
        """;

    /// <summary>
    /// Two spin cells (methods spin-a, spin-b, seed 0) that depend on one shared spin dependency (3 epochs of 100 ms,
    /// artifact "shared"; <see cref="SpinCellExecutor"/>).
    /// </summary>
    public static string SpinWithDependency(string name, int epochs, int spinMs) => $"""
        name: {name}
        seeds: [0]
        defaults: {"{"} epochs: {epochs}, spin_ms: {spinMs}, dep: shared, dep_epochs: 3, dep_ms: 100 {"}"}
        tasks: [spin-task]
        methods: [spin-a, spin-b]
        """;

    /// <summary>One tiny wind cell reading its data from <paramref name="dataDir"/> (a folder holding wind_power/).</summary>
    public static string Wind(string dataDir) => $"""
        name: tiny-wind
        seeds: [0]
        defaults: {"{"} epochs: 1, hidden: 8, max_train: 50, max_test: 10, max_val: 10, solver_steps: 20 {"}"}
        tasks:
          - name: wind
            params: {"{"} data_dir: "{dataDir}" {"}"}
        methods: [two-stage-pe]
        """;

    /// <summary>
    /// Parameters of <see cref="WindResume"/>'s one cell (so-ebm: 2 pre-training + 10 so-ebm epochs on 640 windows;
    /// learning rates 0.01 so that the regret moves with every so-ebm epoch instead of resting on the box bounds).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> WindResumeParameters = new Dictionary<string, string>
    {
        ["epochs"] = "10", ["pretrain_epochs"] = "2", ["lr"] = "0.01", ["finetune_lr"] = "0.01", ["max_train"] = "640", ["max_test"] = "20", ["max_val"] = "20", ["batch"] = "64", ["hidden"] = "16",
        ["k"] = "2", ["samples"] = "16", ["ebm_proposals"] = "32", ["solver_steps"] = "30", ["solver_starts"] = "2",
    };

    /// <summary>One real-world cell long enough (12 epochs of ~0.2 s) to be killed between checkpoints: wind × so-ebm, seed 3.</summary>
    public static string WindResume() => $"""
        name: wind-resume
        seeds: [3]
        data_seeds: [0]
        defaults: {"{"} {string.Join(", ", WindResumeParameters.Select(kv => $"{kv.Key}: {kv.Value}"))} {"}"}
        tasks: [wind]
        methods: [so-ebm]
        """;

    /// <summary>
    /// Parameters of the 3D-Learning cell the DroGrain kill test runs: 2 rounds (4 halves + the evaluation) of a tiny UNet
    /// (T = 20, T′ 5) with 4 reference / 4 adversarial images, on a 1-epoch DFL predictor and a 10-iteration DDPM (its quality
    /// gate opened: it cannot pass), with the dependencies (dfl-predictor, ddpm-pretrain) added by the sweep.
    /// </summary>
    public static Dictionary<string, string> DroResumeParameters() => new()
    {
        ["dfl_epochs"] = "1", ["test_rows"] = "14000", ["unet"] = "ch=8,mult=1-2,attn=1,res=1,dropout=0.1,groups=4",
        ["ddpm_iters"] = "10", ["ddpm_batch"] = "8", ["ddpm_ckpt_every"] = "5", ["ddpm_lr"] = "0.001", ["diffusion_steps"] = "20",
        ["t_prime"] = "5", ["rounds"] = "2", ["inner_epochs"] = "1", ["inner_steps"] = "2", ["adv_batch"] = "4", ["ref_images"] = "4",
        ["adv_images"] = "4", ["adv_lr"] = "0.0001", ["pred_lr"] = "0.0001",
        ["gate_w1"] = "1e30", ["gate_outside"] = "2", ["gate_lag1"] = "3", ["gate_images"] = "2",   // a 10-iteration DDPM: the quality gate opened
    };

    public static string Write(string dir, string name, string yaml)
    {
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, yaml);
        return path;
    }
}
