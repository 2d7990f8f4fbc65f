using Df2.Learning.Tasks;

namespace Df2.Learning.RealWorld.Running;

/// <summary>
/// Parameters of a real-world cell, read from <c>CellRequest.Parameters</c> with per-task paper
/// defaults (App. F.3–F.5): epochs 200/200/50, lr 1e-3/1e-3/1e-4, LSTM hidden 256/128, solver
/// lr 0.1/0.1/0.01, 500 solver steps, 100 SAA samples, SO-EBM proposal variances per task.
/// Unknown keys and out-of-range values throw naming the key.
/// </summary>
public sealed class RealWorldSettings
{
    public static readonly ParameterSpec[] Specs =
    [
        ParameterSpec.Int("epochs", 200, 1, 100_000, "training epochs (paper: wind/inventory 200, vaccine 50)"),
        ParameterSpec.Real("lr", 1e-3, 1e-9, 10, "Adam learning rate (paper: 1e-3; vaccine 1e-4)"),
        ParameterSpec.Int("batch", 64, 1, 1_000_000, "mini-batch size"),
        ParameterSpec.Int("hidden", 256, 1, 100_000, "encoder hidden size (paper: wind 256, inventory 128, vaccine 128)"),
        ParameterSpec.Int("layers", 2, 1, 16, "encoder layers (paper 2)"),
        ParameterSpec.Int("solver_steps", 500, 0, 1_000_000, "test-time solver iterations (paper 500)"),
        ParameterSpec.Real("solver_lr", 0.1, 1e-9, 100, "test-time solver learning rate (paper: 0.1 box tasks, 0.01 mirror descent)"),
        ParameterSpec.Int("solver_starts", 5, 1, 1001, "starts per coordinate of projected Adam (shared rule)"),
        ParameterSpec.Int("samples", 100, 1, 1_000_000, "SAA / Gumbel-softmax samples per point (paper 100)"),
        ParameterSpec.Int("k", 1, 1, 10_000, "GMM components (paper 1, 3, 10, 500, 1000)"),
        ParameterSpec.Int("S", 500, 1, 1_000_000, "DF2 attention points (paper: wind 500, inventory 230, vaccine 100)"),
        ParameterSpec.Int("J", 100, 1, 100_000, "DF2 actions per (x, y) (paper 100)"),
        ParameterSpec.Int("d", 128, 1, 100_000, "DF2 query/key dimension"),
        ParameterSpec.Int("pretrain_epochs", 0, 0, 100_000, "dfl/so-ebm/lodl: two-stage NLL epochs before the decision-focused phase (0 = epochs/2)"),
        ParameterSpec.Real("finetune_lr", 1e-4, 1e-12, 10, "dfl/so-ebm/lodl: Adam learning rate of the decision-focused phase (fine-tuning the pre-trained model)"),
        ParameterSpec.Int("df_max_batches", 0, 0, 1_000_000, "dfl/so-ebm/lodl: at most N shuffled mini-batches per decision-focused epoch (a compute budget knob; 0 = all)"),
        ParameterSpec.Real("tau", 1.0, 1e-6, 100, "Gumbel-softmax temperature"),
        ParameterSpec.Real("dfl_bandwidth", 0.05, 1e-6, 10, "dfl: Gaussian smoothing of the SAA used by the implicit derivative"),
        ParameterSpec.Int("ebm_proposals", 512, 1, 1_000_000, "so-ebm: proposal samples (paper 512)"),
        ParameterSpec.Real("ebm_temperature", 10, 1e-6, 1e6, "so-ebm: energy = SAA cost / temperature"),
        ParameterSpec.Int("lodl_perturbations", 50, 1, 100_000, "lodl: perturbed labels per training sample for the surrogate fit"),
        ParameterSpec.Real("lodl_sigma", 0.1, 1e-6, 100, "lodl: std of the label perturbations"),
        ParameterSpec.Int("stride", 1, 1, 10_000, "wind/inventory: hours/days between window origins"),
        ParameterSpec.Int("store", 1, 1, 10, "inventory: store id (stand-in data)"),
        ParameterSpec.Int("item", 1, 1, 50, "inventory: item id (stand-in data)"),
        ParameterSpec.Int("max_train", 0, 0, 10_000_000, "use at most this many (latest) training windows; 0 = all"),
        ParameterSpec.Int("node_hidden", 16, 1, 10_000, "dcrnn encoder: hidden size per node (paper 128; 16 to fit 2 CPU cores)"),
        ParameterSpec.Int("val_every", 1, 0, 100_000, "evaluate the validation decision regret every N epochs and keep the best parameters (0 = off, use the last epoch)"),
        ParameterSpec.Int("max_val", 0, 0, 10_000_000, "validation windows used for model selection (first N; 0 = all)"),
        ParameterSpec.Int("max_test", 0, 0, 10_000_000, "evaluate at most this many (first) test windows; 0 = all"),
    ];

    /// <summary>
    /// String parameters (not numeric): source (wind: tennet | transnetbw; inventory: store-item | m5), m5_series
    /// (inventory with source m5: the series id), data_dir, encoder (lstm | dcrnn), md_gradient (vaccine mirror
    /// descent: share | dose, see <see cref="Vaccine.MirrorGradient"/>), lodl_target (samples | mean, see
    /// <see cref="Df2.Learning.Methods.DecisionFocused.LodlMethod"/>).
    /// </summary>
    public static readonly string[] TextKeys = ["source", "data_dir", "encoder", "md_gradient", "m5_series", "lodl_target"];

    private static readonly Dictionary<string, Dictionary<string, string>> TaskDefaults = new()
    {
        ["wind"] = new() { ["hidden"] = "256", ["S"] = "500", ["solver_lr"] = "0.1", ["ebm_temperature"] = "10" },
        ["inventory"] = new() { ["hidden"] = "128", ["S"] = "230", ["solver_lr"] = "0.1", ["ebm_temperature"] = "1" },
        ["vaccine"] = new() { ["hidden"] = "128", ["S"] = "100", ["solver_lr"] = "0.01", ["epochs"] = "50", ["lr"] = "1e-4", ["ebm_temperature"] = "10" },
    };

    /// <summary>SO-EBM proposal variances (App. F.3 / F.5; F.4 uses Langevin dynamics instead).</summary>
    public static double[] ProposalVariances(string task) => task == "inventory" ? [0.05, 0.1, 0.2] : [0.02, 0.05, 0.1];

    private readonly Dictionary<string, string> _values;
    private readonly Dictionary<string, ParameterSpec> _specs = Specs.ToDictionary(s => s.Key);

    public int Seed { get; }
    public int DataSeed { get; }
    public string TaskName { get; }
    /// <summary>The cell's device (<c>cpu</c>, <c>cuda:N</c>), from <see cref="Df2.Learning.Running.CellRequest.Device"/>.</summary>
    public string Device { get; }

    public RealWorldSettings(string task, IReadOnlyDictionary<string, string> parameters, int seed, int dataSeed, string device = "cpu")
    {
        TaskName = task; Seed = seed; DataSeed = dataSeed; Device = device;
        _values = TaskDefaults.TryGetValue(task, out var d) ? new Dictionary<string, string>(d) : [];
        foreach (var (key, value) in parameters)
        {
            if (!_specs.ContainsKey(key) && !TextKeys.Contains(key))
                throw new ArgumentException($"parameter '{key}' is not known to real-world task '{task}'; known: {string.Join(", ", Specs.Select(s => s.Key).Concat(TextKeys).Order())}");
            _values[key] = value;
        }
        foreach (var spec in Specs) spec.Read(_values);
        _ = MirrorGradient;
        if (Text("lodl_target") is { } target && target is not ("samples" or "mean"))
            throw new ArgumentException($"parameter 'lodl_target' = '{target}': expected 'samples' or 'mean'");
        if (Text("source") is { } source && Sources.TryGetValue(task, out var allowed) && !allowed.Contains(source))
            throw new ArgumentException($"parameter 'source' = '{source}': expected {string.Join(" or ", allowed.Select(a => $"'{a}'"))} for task {task}");
    }

    /// <summary>Data sources per task (parameter <c>source</c>); the first is the default.</summary>
    private static readonly Dictionary<string, string[]> Sources = new()
    {
        ["wind"] = ["tennet", "transnetbw"],
        ["inventory"] = ["store-item", "m5"],
    };

    /// <summary>Vaccine test-time solver's gradient (<c>md_gradient</c>: share, the default, or dose = eq. 14 read literally).</summary>
    public Vaccine.MirrorGradient MirrorGradient => Text("md_gradient") switch
    {
        null or "share" => Vaccine.MirrorGradient.Share,
        "dose" => Vaccine.MirrorGradient.Dose,
        var v => throw new ArgumentException($"parameter 'md_gradient' = '{v}': expected 'share' or 'dose'"),
    };

    public int Int(string key) => _specs[key].ReadInt(_values);
    public double Real(string key) => _specs[key].Read(_values);
    public string? Text(string key) => _values.TryGetValue(key, out var v) ? v : null;

    public int Epochs => Int("epochs");
    public int PretrainEpochs => Int("pretrain_epochs") > 0 ? Int("pretrain_epochs") : Math.Max(1, Epochs / 2);
}
