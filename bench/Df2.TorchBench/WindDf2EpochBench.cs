using TorchSharp;
using TorchSharp.Modules;
using Df2.Kernels.Ops;
using static TorchSharp.torch;

namespace Df2.TorchBench;

/// <summary>
/// A wind DF2 training epoch at the paper's shape (§3, App. F.3; <see cref="Df2Epoch"/>): LSTM 2×256 encoder over 24 past
/// hours, query Linear(256, 128), keys [500, 128] ~ N(0, 1), values [500, 12] (S = 500) from the training labels,
/// J = 100 actions uniform on [0, 4]¹², f the wind-bidding cost.
/// </summary>
public static class WindDf2EpochBench
{
    private const int S = 500, J = 100, Hidden = 256, D = 128;

    public static void Run(BenchOptions options)
    {
        var data = options.Text("data", "/work/shared/data/wind_power/TenneTTSO.csv");
        Df2Epoch.Bench("df2-wind", options, () => Create(data, 0));
    }

    public static Df2Epoch Create(string dataFile, ulong seed)
    {
        var gen = new Generator(seed);
        manual_seed((long)seed);
        var (x, y) = WindSeries.TrainingWindows(dataFile);
        var encoder = new LstmQuery(Hidden, 2, D);
        var keys = new Parameter(randn(S, D, generator: gen));
        var values = new Parameter(y.index_select(0, randint(0, y.shape[0], S, generator: gen)).clone());
        return new Df2Epoch(x, y, encoder, keys, values, WindBiddingCoefficients.Paper, J, (0, 4), gen);
    }
}
