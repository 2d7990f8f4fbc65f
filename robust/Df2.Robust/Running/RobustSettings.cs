using Df2.Learning.Methods.Robust;
using Df2.Learning.Tasks;
using Df2.Robust.Adversary;
using Df2.Robust.Baselines;
using Df2.Robust.Diffusion;
using Df2.Learning.Tasks.LlmProvisioning;

namespace Df2.Robust.Running;

/// <summary>
/// All settings of one llm-provisioning cell, parsed and validated once. Threads are not a cell setting: the
/// host (silo or embedded run) sizes libtorch's process-wide pool once for its worker slots.
/// The dependency cells (the trained DFL predictor, the pre-trained DDPM) are determined by exactly the parameters of
/// <see cref="DflPredictorParameters"/> and <see cref="DdpmParameters"/>; which method needs which is the method's to say
/// (<see cref="Methods.LlmMethod"/>).
/// </summary>
public sealed record RobustSettings(
    string Method, string Objective, string? DataDir, int TestRows,
    TrainSettings Dfl, TrainSettings Baseline, double Rho, double ChiSquareRho, double CvarBeta, double WassersteinEpsilon, int FrankWolfeSteps,
    double GaussianSigma, double CutoutProbability, DdpmSettings Ddpm, DdpmGate Gate, AdversarySettings Adversary,
    IReadOnlyList<TestCorruption> Corruptions)
{
    /// <summary>What determines the DFL predictor: objective, DFL epochs, rate and batch, the data folder (when given).</summary>
    public Dictionary<string, string> DflPredictorParameters() => WithData(new()
    {
        ["objective"] = Objective, ["dfl_epochs"] = I(Dfl.Epochs), ["dfl_lr"] = R(Dfl.LearningRate), ["batch"] = I(Dfl.Batch),
    });

    /// <summary>What determines the pre-trained DDPM: network, iterations, batch, rate, checkpoint period, schedule, quality gate, the data folder (when given).</summary>
    public Dictionary<string, string> DdpmParameters() => WithData(new()
    {
        ["unet"] = Ddpm.Net.ToString(), ["ddpm_iters"] = I(Ddpm.Iterations), ["ddpm_batch"] = I(Ddpm.Batch), ["ddpm_lr"] = R(Ddpm.LearningRate),
        ["ddpm_ckpt_every"] = I(Ddpm.CheckpointEvery), ["diffusion_steps"] = I(Ddpm.Steps), ["beta_first"] = R(Ddpm.BetaFirst), ["beta_last"] = R(Ddpm.BetaLast),
        ["gate_w1"] = R(Gate.MaxW1), ["gate_outside"] = R(Gate.MaxOutside), ["gate_lag1"] = R(Gate.MaxLag1Gap), ["gate_images"] = I(Gate.Images),
    }, Gate.Extend > 0 ? new() { ["ddpm_extend"] = I(Gate.Extend), ["ddpm_max_iters"] = I(Gate.MaxIterations) } : null);

    private Dictionary<string, string> WithData(Dictionary<string, string> values, Dictionary<string, string>? more = null)
    {
        foreach (var (k, v) in more ?? []) values[k] = v;   // keys present only when used: a DDPM without them keeps its cell key
        if (!string.IsNullOrEmpty(DataDir)) values["data_dir"] = DataDir;
        return values;
    }

    private static string I(int v) => v.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string R(double v) => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    private const int IntMax = int.MaxValue;

    /// <summary>
    /// Every numeric parameter of an llm-provisioning cell, with its default, range and meaning (the same
    /// <see cref="ParameterSpec"/> as the learning core's; docs/parameters.md is generated from these). A default of NaN
    /// is derived from other parameters (said in the description).
    /// </summary>
    public static readonly ParameterSpec[] Specs =
    [
        ParameterSpec.Int("batch", 64, 1, IntMax, "mini-batch of the DFL predictor and every baseline (sequences)"),
        ParameterSpec.Int("dfl_epochs", 20, 1, IntMax, "dfl-predictor: DFL training epochs"),
        ParameterSpec.Real("dfl_lr", 1e-3, 0, double.MaxValue, "dfl-predictor: Adam learning rate"),
        ParameterSpec.Int("epochs", 20, 0, IntMax, "baselines (kl-dro, chi2-dro, cvar, w-dro, gaussian, cutout): epochs from the DFL predictor"),
        ParameterSpec.Real("lr", 2e-5, 0, double.MaxValue, "baselines: Adam learning rate"),
        ParameterSpec.Int("test_rows", LlmProvisioningData.RowCap, SequenceSet.Length, IntMax, "rows read from each test file (the protocol's first 100,000)"),
        .. RobustObjective.Specs,
        ParameterSpec.Int("diffusion_steps", 500, 2, IntMax, "DDPM: diffusion steps T"),
        ParameterSpec.Real("beta_first", double.NaN, 1e-12, 0.999999, "DDPM: β_1 (default 5/T, so Σβ = 7.5 at every T)"),
        ParameterSpec.Real("beta_last", double.NaN, 1e-12, 0.999999, "DDPM: β_T (default 10/T)"),
        ParameterSpec.Int("ddpm_iters", 2000, 1, IntMax, "DDPM: training iterations"),
        ParameterSpec.Int("ddpm_batch", 64, 1, IntMax, "DDPM: images per iteration"),
        ParameterSpec.Real("ddpm_lr", 1e-4, 0, double.MaxValue, "DDPM: Adam learning rate"),
        ParameterSpec.Int("ddpm_ckpt_every", 250, 1, IntMax, "DDPM: iterations between checkpoints"),
        ParameterSpec.Real("gate_w1", new DdpmGate().MaxW1, 0, double.MaxValue, "DDPM quality gate: largest W1 between generated and held-back pixel values"),
        ParameterSpec.Real("gate_outside", new DdpmGate().MaxOutside, 0, double.MaxValue, "DDPM quality gate: largest share of generated pixels outside [0, 1] (exclusive)"),
        ParameterSpec.Real("gate_lag1", new DdpmGate().MaxLag1Gap, 0, double.MaxValue, "DDPM quality gate: largest |lag-1 autocorrelation gap| to the real sequences"),
        ParameterSpec.Int("gate_images", new DdpmGate().Images, 1, IntMax, "DDPM quality gate: generated images measured"),
        ParameterSpec.Int("ddpm_extend", 0, 0, IntMax, "DDPM quality gate: when θ0 fails, train this many more iterations and measure again (0 = fail at once)"),
        ParameterSpec.Int("ddpm_max_iters", 0, 0, IntMax, "DDPM quality gate: the most iterations ddpm_extend may reach (0 = twice ddpm_iters)"),
        ParameterSpec.Int("t_prime", 10, 1, IntMax, "3dl: trainable reverse steps T′ (below diffusion_steps)"),
        ParameterSpec.Real("kappa", 0.4, 0, double.MaxValue, "3dl: PPO clip κ of the likelihood ratio"),
        ParameterSpec.Real("budget_rel", 1.1, 0, double.MaxValue, "3dl: likelihood budget ε as a multiple of J(θ0) on the steps s < T′"),
        ParameterSpec.Real("eta", 0.01, 0, double.MaxValue, "3dl: dual step η of α"),
        ParameterSpec.Real("alpha0", 1, 0, double.MaxValue, "3dl: initial dual variable α"),
        ParameterSpec.Real("adv_lr", 1e-6, 0, double.MaxValue, "3dl: adversary Adam learning rate (0: a frozen adversary, the ablation)"),
        ParameterSpec.Real("pred_lr", 1e-6, 0, double.MaxValue, "3dl: predictor Adam learning rate in the decision halves"),
        ParameterSpec.Int("rounds", 15, 1, IntMax, "3dl: rounds (outer epochs), each an adversary half and a decision half"),
        ParameterSpec.Int("inner_epochs", 10, 1, IntMax, "3dl: adversary inner epochs per round"),
        ParameterSpec.Int("inner_steps", 4, 1, IntMax, "3dl: adversary steps per inner epoch"),
        ParameterSpec.Int("adv_batch", 64, 1, IntMax, "3dl: reference sequences per adversary step"),
        ParameterSpec.Int("ref_images", 256, 1, IntMax, "3dl: reference images Z0 drawn from θ0 (the same every round)"),
        ParameterSpec.Int("adv_images", 64, 1, IntMax, "3dl: images per decision half (from Sθ, or real training images with finetune_on real)"),
        ParameterSpec.Int("decision_epochs", 1, 1, IntMax, "3dl: predictor epochs per decision half"),
    ];

    /// <summary>Text parameters: key, default, allowed values (null: free text), meaning.</summary>
    public static readonly (string Key, string Default, string[]? Allowed, string Description)[] TextSpecs =
    [
        ("objective", "paper", ["paper", "code"], "the provisioning objective: the paper's constants or the authors' code's (Table I's two blocks)"),
        ("unet", "ch=32,mult=1-2-2,attn=1,res=1,dropout=0.1,groups=8", null, "DDPM UNet: channels, multipliers, attention levels, res blocks, dropout, GroupNorm groups"),
        ("finetune_on", "generated", ["generated", "real"], "3dl: fine-tune on Sθ (3D-Learning) or on real training sequences (the ablation, no adversary)"),
        ("corruptions", "", null, "Fig. 2 test corruptions on 23D24D, e.g. cutout:0.005,perlin:0.05,gaussian:0.1"),
        ("data_dir", "", null, "folder of the LLM traces (default: $DF2_DATA/llm-provisioning/3dlearning-5s, else shared/data/… above the working folder)"),
    ];

    private static readonly Dictionary<string, ParameterSpec> SpecByKey = Specs.ToDictionary(x => x.Key, StringComparer.Ordinal);

    public static RobustSettings Parse(string method, IReadOnlyDictionary<string, string> values)
    {
        if (values.ContainsKey("threads"))
            throw new ParameterException("threads", "parameter 'threads' is not a cell parameter: the host sets libtorch's threads per worker slot (max(1, cores / slots))");
        foreach (var key in values.Keys)
            if (!SpecByKey.ContainsKey(key) && !TextSpecs.Any(t => t.Key == key))
                throw new ParameterException(key, $"parameter '{key}' is not known to task llm-provisioning / method {method} (known: " +
                                            $"{string.Join(", ", Specs.Select(x => x.Key).Concat(TextSpecs.Select(t => t.Key)).Order(StringComparer.Ordinal))})");
        foreach (var spec in Specs) spec.Read(values);                         // every value checked once, naming its key
        int I(string key) => SpecByKey[key].ReadInt(values);
        double D(string key) => SpecByKey[key].Read(values);
        string T(string key)
        {
            var (_, fallback, allowed, _) = TextSpecs.Single(t => t.Key == key);
            var v = values.TryGetValue(key, out var given) ? given : fallback;
            if (allowed is not null && !allowed.Contains(v))
                throw new ParameterException(key, $"parameter '{key}' = '{v}' must be {string.Join(" or ", allowed)}");
            return v;
        }
        var objective = T("objective");
        var batch = I("batch");
        var dfl = new TrainSettings(I("dfl_epochs"), D("dfl_lr"), batch);
        var baseline = new TrainSettings(I("epochs"), D("lr"), batch);
        UNetConfig unet;
        try { unet = UNetConfig.Parse(T("unet")); }
        catch (Exception e) when (e is FormatException or ArgumentException) { throw new ParameterException("unet", $"parameter 'unet': {e.Message}"); }
        var steps = I("diffusion_steps");
        var (betaFirst, betaLast) = NoiseSchedule.ScaledBetas(steps);   // unless given: β scaled with T (NoiseSchedule.ScaledBetas)
        var ddpm = new DdpmSettings(unet, I("ddpm_iters"), I("ddpm_batch"), D("ddpm_lr"), I("ddpm_ckpt_every"), steps,
            values.ContainsKey("beta_first") ? D("beta_first") : betaFirst, values.ContainsKey("beta_last") ? D("beta_last") : betaLast);
        var maxIterations = I("ddpm_max_iters") > 0 ? I("ddpm_max_iters") : 2 * I("ddpm_iters");
        if (I("ddpm_extend") > 0 && maxIterations < I("ddpm_iters"))
            throw new ParameterException("ddpm_max_iters", $"parameter 'ddpm_max_iters' = {maxIterations} is below ddpm_iters = {I("ddpm_iters")}");
        var gate = new DdpmGate(D("gate_w1"), D("gate_outside"), D("gate_lag1"), I("gate_images"), I("ddpm_extend"), I("ddpm_extend") > 0 ? maxIterations : 0);
        var adversary = new AdversarySettings(
            TPrime: I("t_prime"), Kappa: D("kappa"), BudgetRelative: D("budget_rel"), Eta: D("eta"), Alpha0: D("alpha0"),
            AdversaryLearningRate: D("adv_lr"), PredictorLearningRate: D("pred_lr"),
            Rounds: I("rounds"), InnerEpochs: I("inner_epochs"), StepsPerInnerEpoch: I("inner_steps"),
            Batch: I("adv_batch"), ReferenceImages: I("ref_images"), AdversarialImages: I("adv_images"),
            DecisionEpochs: I("decision_epochs"), FineTuneOnReal: T("finetune_on") == "real");
        var dataDir = T("data_dir");
        return new RobustSettings(method, objective, dataDir.Length == 0 ? null : dataDir, I("test_rows"),
            dfl, baseline, D("rho"), D("chi2_rho"), D("cvar_beta"), D("w_eps"), I("fw_steps"),
            D("aug_sigma"), D("cutout_p"), ddpm, gate, adversary, ParseCorruptions(T("corruptions")));
    }

    /// <summary>Parameter <c>corruptions</c>: the Fig. 2 test's list, e.g. "cutout:0.005,perlin:0.05,gaussian:0.1".</summary>
    private static IReadOnlyList<TestCorruption> ParseCorruptions(string text)
    {
        try { return TestCorruption.ParseList(text); }
        catch (ArgumentException e) { throw new ParameterException("corruptions", $"parameter 'corruptions': {e.Message}"); }
    }
}
