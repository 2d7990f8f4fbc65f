using Df2.Learning.Tasks.Vaccine;
using TorchSharp.Modules;
using static TorchSharp.torch;
using Rng = Df2.Kernels.Random.Rng;

namespace Df2.Learning.Nets;

/// <summary>Point forecaster: encoder + linear layer (MLP, LSTM), or the DC-RNN decoder's point forecast (OD tensors).</summary>
public sealed class PointForecaster : nn.Module<Tensor, Tensor>
{
    private readonly SequenceEncoder? encoder;
    private readonly Linear? head;
    private readonly DcrnnForecastHeads? graph;

    public PointForecaster(SequenceEncoder encoder, int d, Rng rng) : base(nameof(PointForecaster))
    {
        if (encoder is DcrnnEncoder g) graph = new DcrnnForecastHeads(g, OdDataset.Days, 0, rng); // the heads own the encoder
        else
        {
            this.encoder = encoder;
            head = SeededLayers.Linear(encoder.OutputSize, d, rng);
        }
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => graph is not null ? graph.forward(x) : head!.forward(encoder!.forward(x));
}
