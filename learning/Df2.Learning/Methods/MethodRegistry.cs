using Df2.Learning.Data;
using Df2.Learning.Tasks;
using static TorchSharp.torch;

namespace Df2.Learning.Methods;

/// <summary>A registered method: its name, its own parameters and a factory for a trainable instance on a device.</summary>
public sealed record MethodDescriptor(
    string Name,
    string Description,
    IReadOnlyList<ParameterSpec> Parameters,
    Func<SyntheticTask, SyntheticDataset, MethodSettings, Device, TrainableMethod> Create);

/// <summary>Every method by name; tests and sweeps enumerate <see cref="Names"/>.</summary>
public static class MethodRegistry
{
    /// <summary>Parameters every method accepts (paper defaults, App. F.2 / §5.1).</summary>
    public static readonly ParameterSpec[] Common =
    [
        ParameterSpec.Int("epochs", 50, 1, 100_000, "training epochs (paper 50)"),
        ParameterSpec.Real("lr", 1e-3, 1e-12, 1e12, "Adam learning rate (paper 1e-3)"),
        ParameterSpec.Int("batch", 64, 1, 1_000_000, "mini-batch size"),
        ParameterSpec.Int("hidden", 128, 1, 100_000, "hidden width of the 1-hidden-layer ReLU MLP encoder (paper 128)"),
        ParameterSpec.Int("solver_steps", 500, 0, 1_000_000, "projected-Adam steps at test time (paper 500)"),
        ParameterSpec.Real("solver_lr", 0.01, 1e-9, 100, "projected-Adam learning rate at test time (paper 0.01)"),
        ParameterSpec.Int("solver_starts", 5, 1, 1001, "starts per coordinate of the test-time solver (grid over the box)"),
    ];

    private static readonly MethodDescriptor[] All =
    [
        new("df2", "DF2: attention-point model of E f(y,a) (eq. 4) fitted by MSE to f(y,a) at sampled actions (eq. 2)",
            [
                ParameterSpec.Int("S", 1000, 1, 1_000_000, "number of attention points (paper 1000)"),
                ParameterSpec.Int("J", 100, 1, 100_000, "actions sampled uniformly in the box per (x, y) (paper 100)"),
                ParameterSpec.Int("d", 128, 1, 100_000, "query/key dimension"),
                ParameterSpec.Int("fused", 1, 0, 1, "1 = fused WeightedPairwiseCost kernel (float32 on the CPU), 0 = plain libtorch broadcasting; same model, same numbers up to float rounding"),
            ],
            (t, d, s, device) => new Df2Method(t, d, s, device)),
        new("policy-net", "policy network: x -> a in the box, trained on f(y, a)", [],
            (t, d, s, device) => new PolicyNetMethod(t, d, s, device)),
        new("two-stage-pe", "two-stage point estimate: MLP trained by MSE, decide argmin f(y_hat, a)", [],
            (t, d, s, device) => new TwoStagePeMethod(t, d, s, device)),
        new("two-stage-gmm", "two-stage k-GMM: MLP outputs means, log-variances, weights; NLL; decide by SAA",
            [
                ParameterSpec.Int("k", 3, 1, 10_000, "mixture components"),
                ParameterSpec.Int("samples", 100, 1, 1_000_000, "SAA samples per test point (paper 100)"),
            ],
            (t, d, s, device) => new TwoStageGmmMethod(t, d, s, device)),
    ];

    private static readonly Dictionary<string, MethodDescriptor> ByName = All.ToDictionary(m => m.Name, StringComparer.Ordinal);

    public static IReadOnlyList<string> Names { get; } = All.Select(m => m.Name).ToArray();

    public static MethodDescriptor Get(string name) =>
        ByName.TryGetValue(name, out var m)
            ? m
            : throw new ArgumentException($"method '{name}' is unknown; known: {string.Join(", ", Names)}");
}
