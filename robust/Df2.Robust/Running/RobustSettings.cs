using Df2.Robust.Adversary;
using Df2.Robust.Baselines;
using Df2.Robust.Diffusion;
using Df2.Robust.Tasks.LlmProvisioning;

namespace Df2.Robust.Running;

/// <summary>
/// All settings of one llm-provisioning cell, parsed and validated once. Threads are not a cell setting: the
/// host (silo or embedded run) sizes libtorch's process-wide pool once for its worker slots.
/// <see cref="DependencyMethods"/> are the cells other cells need (the trained DFL predictor, the pre-trained DDPM):
/// the sweep adds them, with exactly the parameters that determine them (<see cref="DflPredictorParameters"/>,
/// <see cref="DdpmParameters"/>); a spec does not list them.
/// </summary>
public sealed record RobustSettings(
    string Method, string Objective, string? DataDir, int TestRows,
    TrainSettings Dfl, TrainSettings Baseline, double Rho, double ChiSquareRho, double CvarBeta, double WassersteinEpsilon, int FrankWolfeSteps,
    double GaussianSigma, double CutoutProbability, DdpmSettings Ddpm, DdpmGate Gate, AdversarySettings Adversary,
    IReadOnlyList<TestCorruption> Corruptions)
{
    public static readonly string[] Methods = ["persistence", "dfl", "kl-dro", "chi2-dro", "cvar", "w-dro", "gaussian", "cutout", "ddpm", "3dl"];

    /// <summary>The trained DFL predictor (its artifact: the LSTM's weights), which dfl, the DRO baselines and 3D-L start from.</summary>
    public const string DflPredictor = "dfl-predictor";

    /// <summary>The pre-trained DDPM θ0 (its artifact: the UNet's weights), which ddpm and 3D-L use.</summary>
    public const string DdpmPretrain = "ddpm-pretrain";

    public static readonly string[] DependencyMethods = [DflPredictor, DdpmPretrain];

    /// <summary>Every learner but the persistence reference and the DDPM check starts from the trained DFL predictor (dfl evaluates it).</summary>
    public bool StartsFromDflPredictor => Method is not ("persistence" or "ddpm") && !DependencyMethods.Contains(Method);

    /// <summary>The DDPM check and 3D-L use the pre-trained DDPM θ0.</summary>
    public bool UsesPretrainedDdpm => Method is "ddpm" or "3dl";

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
    });

    private Dictionary<string, string> WithData(Dictionary<string, string> values)
    {
        if (!string.IsNullOrEmpty(DataDir)) values["data_dir"] = DataDir;
        return values;
    }

    private static string I(int v) => v.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string R(double v) => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    public static RobustSettings Parse(string method, IReadOnlyDictionary<string, string> values)
    {
        if (!Methods.Contains(method) && !DependencyMethods.Contains(method))
            throw new ArgumentException($"method '{method}' is not one of: {string.Join(", ", Methods)}");
        if (values.ContainsKey("threads"))
            throw new ArgumentException("parameter 'threads' is not a cell parameter: the host sets libtorch's threads per worker slot (max(1, cores / slots))");
        var p = new CellParameters(values);
        var objective = p.String("objective", "paper");
        if (objective is not ("paper" or "code")) throw new ArgumentException($"parameter 'objective' = '{objective}' must be paper or code");
        var batch = p.Int("batch", 64, 1);
        var dfl = new TrainSettings(p.Int("dfl_epochs", 20, 1), p.Double("dfl_lr", 1e-3, 0), batch);
        var baseline = new TrainSettings(p.Int("epochs", 20, 0), p.Double("lr", 2e-5, 0), batch);
        UNetConfig unet;
        try { unet = UNetConfig.Parse(p.String("unet", "ch=32,mult=1-2-2,attn=1,res=1,dropout=0.1,groups=8")); }
        catch (Exception e) when (e is FormatException or ArgumentException) { throw new ArgumentException($"parameter 'unet': {e.Message}"); }
        var steps = p.Int("diffusion_steps", 500, 2);
        var (betaFirst, betaLast) = NoiseSchedule.ScaledBetas(steps);   // unless given: β scaled with T (NoiseSchedule.ScaledBetas)
        var ddpm = new DdpmSettings(unet, p.Int("ddpm_iters", 2000, 1), p.Int("ddpm_batch", 64, 1), p.Double("ddpm_lr", 1e-4, 0),
            p.Int("ddpm_ckpt_every", 250, 1), steps, p.Double("beta_first", betaFirst, 1e-12), p.Double("beta_last", betaLast, 1e-12));
        if (!(ddpm.BetaFirst < 1 && ddpm.BetaLast < 1)) throw new ArgumentException($"parameters 'beta_first' / 'beta_last' must be below 1, got {ddpm.BetaFirst} / {ddpm.BetaLast}");
        var gateDefaults = new DdpmGate();
        var gate = new DdpmGate(p.Double("gate_w1", gateDefaults.MaxW1, 0), p.Double("gate_outside", gateDefaults.MaxOutside, 0),
            p.Double("gate_lag1", gateDefaults.MaxLag1Gap, 0), p.Int("gate_images", gateDefaults.Images, 1));
        var adversary = new AdversarySettings(
            TPrime: p.Int("t_prime", 10, 1), Kappa: p.Double("kappa", 0.4, 0), BudgetRelative: p.Double("budget_rel", 1.1, 0),
            Eta: p.Double("eta", 0.01, 0), Alpha0: p.Double("alpha0", 1, 0),
            AdversaryLearningRate: p.Double("adv_lr", 1e-6, 0), PredictorLearningRate: p.Double("pred_lr", 1e-6, 0),
            Rounds: p.Int("rounds", 15, 1), InnerEpochs: p.Int("inner_epochs", 10, 1), StepsPerInnerEpoch: p.Int("inner_steps", 4, 1),
            Batch: p.Int("adv_batch", 64, 1), ReferenceImages: p.Int("ref_images", 256, 1), AdversarialImages: p.Int("adv_images", 64, 1),
            DecisionEpochs: p.Int("decision_epochs", 1, 1), FineTuneOnReal: FineTuneSource(p.String("finetune_on", "generated")));
        if (method == "3dl" && adversary.TPrime >= ddpm.Steps) throw new ArgumentException($"parameter 't_prime' = {adversary.TPrime} must be below diffusion_steps = {ddpm.Steps}");
        var settings = new RobustSettings(method, objective, values.GetValueOrDefault("data_dir"),
            p.Int("test_rows", Tasks.LlmProvisioning.LlmProvisioningData.RowCap, Tasks.LlmProvisioning.SequenceSet.Length),
            dfl, baseline, p.Double("rho", 2, 0), p.Double("chi2_rho", 1, 0), p.Double("cvar_beta", 0.1, 1e-9), p.Double("w_eps", 2, 0), p.Int("fw_steps", 15, 1),
            p.Double("aug_sigma", 0.05, 0), p.Double("cutout_p", 0.05, 0), ddpm, gate, adversary, ParseCorruptions(p.String("corruptions", "")));
        p.String("data_dir", "");
        p.RejectUnknown(method);
        return settings;
    }

    /// <summary>Parameter <c>finetune_on</c>: <c>generated</c> (3D-Learning: Sθ) or <c>real</c> (the ablation: real training sequences, no adversary).</summary>
    private static bool FineTuneSource(string text) => text switch
    {
        "generated" => false,
        "real" => true,
        _ => throw new ArgumentException($"parameter 'finetune_on' = '{text}' must be generated or real"),
    };

    /// <summary>Parameter <c>corruptions</c>: the Fig. 2 test's list, e.g. "cutout:0.005,perlin:0.05,gaussian:0.1".</summary>
    private static IReadOnlyList<TestCorruption> ParseCorruptions(string text)
    {
        try { return TestCorruption.ParseList(text); }
        catch (ArgumentException e) { throw new ArgumentException($"parameter 'corruptions': {e.Message}"); }
    }
}
