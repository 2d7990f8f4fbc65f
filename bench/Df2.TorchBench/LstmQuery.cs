using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Df2.TorchBench;

/// <summary>The wind DF2 query encoder (§3, App. F.3): an LSTM over the past hours, then Linear on its last output.</summary>
public sealed class LstmQuery : nn.Module<Tensor, Tensor>
{
    private readonly LSTM _lstm;
    private readonly Linear _query;

    public LstmQuery(int hidden, int layers, int dim) : base(nameof(LstmQuery))
    {
        _lstm = nn.LSTM(1, hidden, numLayers: layers, batchFirst: true);
        _query = nn.Linear(hidden, dim);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var (output, _, _) = _lstm.call(x);
        return _query.call(output.select(1, -1));
    }
}
