using Df2.Learning.Nets;
using Df2.Robust.Nets;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Df2.Robust.Tasks.LlmProvisioning;

/// <summary>
/// The paper's predictor h_w: LSTM 128 → LayerNorm → Dropout 0.3 → LSTM 64 → LayerNorm → Dropout 0.3
/// → Linear 64→32 → GELU → Linear 32→1 on the last step, then ReLU (the authors' code applies torch.relu to the
/// model's output before the decision; a workload is never negative). Input B × 7 × 1 (normalised), output B. Initial
/// weights come from <c>init</c> (<see cref="SeededLayers"/>); dropout masks from the generator handed to
/// <see cref="GeneratorDropout.Use"/>.
/// </summary>
public sealed class LstmForecaster : nn.Module<Tensor, Tensor>
{
    private readonly LSTM lstm1;
    private readonly LayerNorm norm1;
    private readonly GeneratorDropout drop1;
    private readonly LSTM lstm2;
    private readonly LayerNorm norm2;
    private readonly GeneratorDropout drop2;
    private readonly Linear fc1;
    private readonly Linear fc2;

    public LstmForecaster(Device device, Generator init, long hidden1 = 128, long hidden2 = 64, double dropout = 0.3) : base(nameof(LstmForecaster))
    {
        lstm1 = SeededLayers.Lstm(1, hidden1, 1, init);
        norm1 = nn.LayerNorm(hidden1);
        drop1 = new GeneratorDropout(dropout);
        lstm2 = SeededLayers.Lstm(hidden1, hidden2, 1, init);
        norm2 = nn.LayerNorm(hidden2);
        drop2 = new GeneratorDropout(dropout);
        fc1 = SeededLayers.Linear(hidden2, 32, init);
        fc2 = SeededLayers.Linear(32, 1, init);
        RegisterComponents();
        this.to(device);
    }

    public override Tensor forward(Tensor x)
    {
        var (h1, _, _) = lstm1.call(x);
        var z1 = drop1.call(norm1.call(h1));
        var (h2, _, _) = lstm2.call(z1);
        var z2 = drop2.call(norm2.call(h2));
        var last = z2[.., -1];
        return fc2.call(nn.functional.gelu(fc1.call(last))).squeeze(-1).relu();   // ĉ = relu(h_w(v)) (code: torch.relu(model(input_seq)))
    }
}
