using Df2.Learning.Tasks.Vaccine;
using static TorchSharp.torch;
using Rng = Df2.Kernels.Random.Rng;

namespace Df2.Learning.Nets;

/// <summary>
/// Encoder followed by a k-component diagonal GMM head: a linear <see cref="GmmHead"/> on the LSTM's last
/// state or the MLP's hidden layer (synthetic, wind, inventory), or the DC-RNN decoder's <see cref="DcrnnForecastHeads"/> on OD tensors (vaccine).
/// </summary>
public sealed class GmmForecaster : nn.Module<Tensor, (Tensor Mean, Tensor LogVar, Tensor Logits)>
{
    private readonly SequenceEncoder? encoder;
    private readonly GmmHead? linear;
    private readonly DcrnnForecastHeads? graph;

    public GmmForecaster(SequenceEncoder encoder, int k, int d, Rng rng) : base(nameof(GmmForecaster))
    {
        if (encoder is DcrnnEncoder g) graph = new DcrnnForecastHeads(g, OdDataset.Days, k, rng); // the heads own the encoder
        else
        {
            this.encoder = encoder;
            linear = new GmmHead(encoder.OutputSize, k, d, rng);
        }
        RegisterComponents();
    }

    /// <summary>Means and log-variances [B, k, D], mixture logits [B, k].</summary>
    public override (Tensor Mean, Tensor LogVar, Tensor Logits) forward(Tensor x) =>
        graph is not null ? graph.Mixture(x) : linear!.forward(encoder!.forward(x));
}
