using Df2.Learning.Tasks;

namespace Df2.Learning.Running;

/// <summary>
/// The validated parameters of one cell, read once from <c>CellRequest.Parameters</c> over the task's paper defaults
/// (<see cref="TaskDescriptor.Defaults"/>) and the defaults of <see cref="Specs"/>. A key that no task or method knows,
/// a key that belongs to another task only (e.g. <c>n</c> on wind, <c>source</c> on a synthetic task), an
/// out-of-range or malformed value, or an unknown <c>encoder</c> throws naming the key. The trainer's settings are
/// typed properties; method-specific values are read by key (<see cref="Int"/>, <see cref="Real"/>, <see cref="Text"/>).
/// </summary>
public sealed class CellSettings
{
    public static readonly ParameterSpec[] Specs =
    [
        ParameterSpec.Int("epochs", 200, 1, 100_000, "training epochs (paper: synthetic 50, wind/inventory 200, vaccine 50)"),
        ParameterSpec.Real("lr", 1e-3, 1e-12, 1e12, "Adam learning rate (paper: 1e-3; vaccine 1e-4)"),
        ParameterSpec.Int("batch", 64, 1, 1_000_000, "mini-batch size"),
        ParameterSpec.Int("hidden", 256, 1, 100_000, "encoder hidden size (paper: synthetic 128, wind 256, inventory 128, vaccine 128)"),
        ParameterSpec.Int("layers", 2, 1, 16, "lstm / dcrnn encoder layers (paper 2)"),
        ParameterSpec.Int("solver_steps", 500, 0, 1_000_000, "test-time solver iterations (paper 500)"),
        ParameterSpec.Real("solver_lr", 0.1, 1e-9, 100, "test-time solver learning rate (paper: synthetic 0.01, wind/inventory 0.1, mirror descent 0.01)"),
        ParameterSpec.Int("solver_starts", 5, 1, 1001, "starts per coordinate of projected Adam (shared rule)"),
        ParameterSpec.Int("samples", 100, 1, 1_000_000, "SAA / Gumbel-softmax samples per point (paper 100)"),
        ParameterSpec.Int("k", 1, 1, 10_000, "GMM components (paper 1, 3, 10, 500, 1000)"),
        ParameterSpec.Int("S", 500, 1, 1_000_000, "DF2 attention points (paper: synthetic 1000, wind 500, inventory 230, vaccine 100)"),
        ParameterSpec.Int("J", 100, 1, 100_000, "DF2 actions sampled uniformly on C per (x, y) (paper 100)"),
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
        ParameterSpec.Int("n", 5000, 20, 10_000_000, "synthetic: number of (x, y) pairs, split 70/15/15 (paper 5000)"),
        ParameterSpec.Int("fused", 1, 0, 1, "synthetic, wind, inventory: 1 = DF2's eq. 4 by the fused WeightedSeparableCost kernel (float32 on the CPU), 0 = plain libtorch broadcasting; same model, same numbers up to float rounding"),
        ParameterSpec.Int("stride", 1, 1, 10_000, "wind/inventory: hours/days between window origins"),
        ParameterSpec.Int("store", 1, 1, 10, "inventory: store id (stand-in data)"),
        ParameterSpec.Int("item", 1, 1, 50, "inventory: item id (stand-in data)"),
        ParameterSpec.Int("test_rows", Tasks.LlmProvisioning.LlmProvisioningData.RowCap, Tasks.LlmProvisioning.SequenceSet.Length, int.MaxValue, "llm-provisioning: rows read from each file (the protocol's first 100,000)"),
        ParameterSpec.Int("max_train", 0, 0, 10_000_000, "use at most this many (latest) training windows; 0 = all"),
        ParameterSpec.Int("node_hidden", 16, 1, 10_000, "dcrnn encoder: hidden size per node (paper 128; 16 to fit 2 CPU cores)"),
        ParameterSpec.Int("val_every", 1, 0, 100_000, "evaluate the validation decision regret every N epochs and keep the best parameters (0 = off, use the last epoch)"),
        ParameterSpec.Int("max_val", 0, 0, 10_000_000, "validation windows used for model selection (first N; 0 = all)"),
        ParameterSpec.Int("max_test", 0, 0, 10_000_000, "evaluate at most this many (first) test windows; 0 = all"),
        ParameterSpec.Real("clip", 100, 0, 1e12, "clip the gradient's global norm at this value before every Adam step (0 = off)"),
        .. Methods.Robust.RobustObjective.Specs,
    ];

    /// <summary>
    /// String parameters (not numeric): source (wind: tennet | transnetbw; inventory: store-item | m5), m5_series
    /// (inventory with source m5: the series id), data_dir, encoder (mlp | lstm | dcrnn), md_gradient (vaccine mirror
    /// descent: share | dose, see <see cref="Tasks.Vaccine.MirrorGradient"/>), lodl_target (samples | mean, see
    /// <see cref="Methods.DecisionFocused.LodlMethod"/>), objective (llm-provisioning: paper | code, the reward preset).
    /// </summary>
    public static readonly string[] TextKeys = ["source", "data_dir", "encoder", "md_gradient", "m5_series", "lodl_target", "objective"];

    /// <summary>Allowed values of the text parameters that have a fixed set; <c>Task</c> limits a choice to one task (null: every task).</summary>
    private static readonly (string Key, string? Task, string[] Allowed)[] Choices =
    [
        ("md_gradient", null, ["share", "dose"]),
        ("lodl_target", null, ["samples", "mean"]),
        ("source", "wind", ["tennet", "transnetbw"]),
        ("source", "inventory", ["store-item", "m5"]),
        ("objective", "llm-provisioning", ["paper", "code"]),
    ];

    /// <summary>The feature networks a cell may name in <c>encoder</c>.</summary>
    public static readonly string[] Encoders = ["mlp", "lstm", "dcrnn"];

    private static readonly Dictionary<string, ParameterSpec> SpecByKey = Specs.ToDictionary(s => s.Key);
    private readonly Dictionary<string, string> _values;

    public int Seed { get; }
    public int DataSeed { get; }
    public string TaskName { get; }
    /// <summary>The cell's device (<c>cpu</c>, <c>cuda:N</c>), from <see cref="CellRequest.Device"/>.</summary>
    public string Device { get; }

    public int Epochs { get; }
    public double LearningRate { get; }
    public int Batch { get; }
    /// <summary>Gradient-norm clip (0 = off).</summary>
    public double Clip { get; }
    /// <summary>Validation selection period in epochs (0 = off: the last epoch is evaluated).</summary>
    public int ValEvery { get; }
    public int MaxVal { get; }
    public int MaxTest { get; }
    public double FineTuneLearningRate { get; }
    public int FineTuneMaxBatches { get; }
    /// <summary>The shared feature network: mlp, lstm or dcrnn (task default).</summary>
    public string Encoder { get; }

    public CellSettings(string task, IReadOnlyDictionary<string, string>? parameters, int seed, int dataSeed, string device = "cpu")
    {
        var descriptor = TaskRegistry.Get(task);
        TaskName = task; Seed = seed; DataSeed = dataSeed; Device = device;
        _values = new Dictionary<string, string>(descriptor.Defaults);
        var foreign = TaskRegistry.All.Where(t => t.Name != task).SelectMany(t => t.OwnKeys).Except(descriptor.OwnKeys).ToHashSet();
        foreach (var (key, value) in parameters ?? new Dictionary<string, string>())
        {
            if ((!SpecByKey.ContainsKey(key) && !TextKeys.Contains(key)) || foreign.Contains(key))
                throw new ParameterException(key, $"parameter '{key}' is not known to task '{task}'; known: {string.Join(", ", SpecByKey.Keys.Concat(TextKeys).Except(foreign).Order(StringComparer.Ordinal))}");
            _values[key] = value;
        }
        foreach (var spec in Specs) spec.Read(_values); // throws naming key and value
        Encoder = _values.TryGetValue("encoder", out var e) ? e : "lstm";
        if (!Encoders.Contains(Encoder)) throw new ParameterException("encoder", $"parameter 'encoder' = '{Encoder}': expected one of {string.Join(", ", Encoders)}");
        foreach (var (key, forTask, allowed) in Choices)
            if ((forTask ?? task) == task && Text(key) is { } v && !allowed.Contains(v))
                throw new ParameterException(key, $"parameter '{key}' = '{v}': expected {string.Join(" or ", allowed.Select(a => $"'{a}'"))}" + (forTask != null ? $" for task {task}" : ""));
        Epochs = Int("epochs"); LearningRate = Real("lr"); Batch = Int("batch"); Clip = Real("clip");
        ValEvery = Int("val_every"); MaxVal = Int("max_val"); MaxTest = Int("max_test");
        FineTuneLearningRate = Real("finetune_lr"); FineTuneMaxBatches = Int("df_max_batches");
    }

    public int Int(string key) => SpecByKey[key].ReadInt(_values);
    public double Real(string key) => SpecByKey[key].Read(_values);
    public string? Text(string key) => _values.TryGetValue(key, out var v) ? v : null;

    /// <summary>Vaccine test-time solver's gradient (<c>md_gradient</c>: share, the default, or dose = eq. 14 read literally).</summary>
    public Tasks.Vaccine.MirrorGradient MirrorGradient => Text("md_gradient") == "dose" ? Tasks.Vaccine.MirrorGradient.Dose : Tasks.Vaccine.MirrorGradient.Share;

    /// <summary>dfl/so-ebm/lodl: two-stage pre-training epochs (<c>pretrain_epochs</c>, 0 = epochs/2, at least 1).</summary>
    public int PretrainEpochs => Int("pretrain_epochs") > 0 ? Int("pretrain_epochs") : Math.Max(1, Epochs / 2);
}
