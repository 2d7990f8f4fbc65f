using System.Globalization;
using Df2.Learning.Tasks;
using Df2.Learning.Methods;
using static TorchSharp.torch;

namespace Df2.Learning.Running;

/// <summary>
/// Model selection on the validation split (our choice; the paper splits 64/16/20 but does not say how the
/// 16% is used): every <c>val_every</c> epochs and after the last one, the validation decision regret
/// (1/n) Σ f(y, â(x)) − f(y, a*(y)) over the first <c>max_val</c> validation windows is computed with the
/// same decision rule as the test, and the parameters with the lowest value are kept; the test uses them.
/// For warm-started methods (dfl, so-ebm, lodl) the warm start is the best pre-training epoch: at the phase
/// boundary the best state so far is restored (and the optimizer restarted), so the decision-focused
/// phase competes with its own starting point. <c>val_every: 0</c> turns selection off (last epoch is used).
/// The kept parameters are detached copies on the model's device (outside every dispose scope).
/// </summary>
public sealed class ValidationSelection(int every, int maxVal, int epochs)
{
    private Dictionary<string, Tensor>? _bestState;
    private double[]? _valOracle; // f(y, a*(y)) of the validation windows: the same at every evaluation

    public bool Enabled => every > 0;
    /// <summary>Lowest validation regret seen so far (+∞ before the first evaluation).</summary>
    public double BestRegret { get; private set; } = double.PositiveInfinity;
    /// <summary>1-based epoch whose parameters are kept (0 = none evaluated).</summary>
    public int BestEpoch { get; private set; }
    /// <summary>Validation regret of every evaluated epoch (1-based epoch → regret).</summary>
    public SortedDictionary<int, double> History { get; } = [];

    /// <summary>Evaluates after 0-based <paramref name="epoch"/> when it is due; returns the regret or null.</summary>
    public double? AfterEpoch(int epoch, IDecisionTask task, TrainableMethod method, CancellationToken cancel)
    {
        if (!Enabled || !((epoch + 1) % every == 0 || epoch + 1 == epochs || PhaseEndsAfter(method, epoch, epochs))) return null;
        _valOracle ??= CellTrainer.OracleCosts(task, task.Data.Val, maxVal, cancel);
        double regret = CellTrainer.Evaluate(task, task.Data.Val, method, maxVal, cancel, _valOracle).Regret;
        Offer(epoch + 1, regret, method.Model);
        return regret;
    }

    /// <summary>
    /// The selection rule, for every trainer: the validation regret of 1-based <paramref name="epoch"/> enters the history,
    /// and <paramref name="model"/>'s parameters are kept when it is the first evaluated epoch or strictly better than every
    /// earlier one (ties keep the earlier epoch; the starting weights are never a candidate).
    /// </summary>
    public void Offer(int epoch, double regret, nn.Module model)
    {
        History[epoch] = regret;
        if (Improves(regret, _bestState == null ? null : BestRegret))
        {
            BestRegret = regret; BestEpoch = epoch;
            Keep(model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value));
        }
    }

    /// <summary>
    /// The rule itself, for a trainer whose kept state lives elsewhere (3D-Learning's rounds keep it in their serialized
    /// state): a candidate is kept when nothing is kept yet or it is strictly better.
    /// </summary>
    public static bool Improves(double regret, double? best) => best is not { } b || regret < b;

    /// <summary>Loads the kept parameters into <paramref name="model"/> (no-op when nothing was evaluated).</summary>
    public void RestoreBest(nn.Module model)
    {
        if (_bestState == null) return;
        using var _ = no_grad();
        foreach (var (name, t) in model.state_dict()) t.copy_(_bestState[name]);
    }

    /// <summary>Replaces the kept parameters by detached copies of <paramref name="state"/> (the old copies are disposed).</summary>
    private void Keep(IReadOnlyDictionary<string, Tensor> state)
    {
        var copies = state.ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone().DetachFromDisposeScope(), StringComparer.Ordinal);
        if (_bestState != null) foreach (var t in _bestState.Values) t.Dispose();
        _bestState = copies;
    }

    private const string BestPrefix = "best.", RegretKey = "select.best_regret", EpochKey = "select.best_epoch", HistoryKey = "select.history";

    /// <summary>Checkpoint tensors: the kept parameters as "best.&lt;name&gt;".</summary>
    public Dictionary<string, Tensor> Tensors()
    {
        var d = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        if (_bestState == null) return d;
        foreach (var (name, t) in _bestState) d[BestPrefix + name] = t;
        return d;
    }

    /// <summary>Checkpoint metadata: best regret and epoch, and the history "epoch:regret,…" (round-trip formats).</summary>
    public Dictionary<string, string> Metadata() => new(StringComparer.Ordinal)
    {
        [RegretKey] = BestRegret.ToString("R", CultureInfo.InvariantCulture),
        [EpochKey] = BestEpoch.ToString(CultureInfo.InvariantCulture),
        [HistoryKey] = string.Join(",", History.Select(h => $"{h.Key}:{h.Value.ToString("R", CultureInfo.InvariantCulture)}")),
    };

    /// <summary>Restores the state written by <see cref="Metadata"/> and <see cref="Tensors"/>; one message when it is malformed.</summary>
    public void Load(IReadOnlyDictionary<string, string> meta, IReadOnlyDictionary<string, Tensor> extras, nn.Module model)
    {
        if (!meta.TryGetValue(RegretKey, out var r) || !meta.TryGetValue(EpochKey, out var e) || !meta.TryGetValue(HistoryKey, out var h)
            || !double.TryParse(r, NumberStyles.Float, CultureInfo.InvariantCulture, out var regret)
            || !int.TryParse(e, NumberStyles.Integer, CultureInfo.InvariantCulture, out var epoch))
            throw new CellFailedException("checkpoint has no readable validation-selection state (select.best_regret / select.best_epoch / select.history)");
        History.Clear();
        foreach (var part in h.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = part.Split(':');
            if (kv.Length != 2 || !int.TryParse(kv[0], CultureInfo.InvariantCulture, out var he) || !double.TryParse(kv[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var hr))
                throw new CellFailedException($"checkpoint validation history entry '{part}' is malformed");
            History[he] = hr;
        }
        BestRegret = regret; BestEpoch = epoch;
        var best = extras.Where(kv => kv.Key.StartsWith(BestPrefix, StringComparison.Ordinal)).ToDictionary(kv => kv.Key[BestPrefix.Length..], kv => kv.Value);
        if (best.Count == 0) { _bestState = null; return; }
        var mine = model.state_dict();
        if (best.Count != mine.Count || mine.Any(kv => !best.TryGetValue(kv.Key, out var t) || !t.shape.SequenceEqual(kv.Value.shape) || t.dtype != kv.Value.dtype))
            throw new CellFailedException("checkpoint's kept best parameters do not match this cell's model");
        Keep(best.ToDictionary(kv => kv.Key, kv => kv.Value.to(mine[kv.Key].device)));
    }

    /// <summary>True when the epoch after <paramref name="epoch"/> starts a new training phase.</summary>
    public static bool PhaseEndsAfter(TrainableMethod method, int epoch, int epochs) =>
        epoch + 1 < epochs && method.Phase(epoch + 1) != method.Phase(epoch);
}
