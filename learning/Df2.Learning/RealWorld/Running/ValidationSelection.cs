using Df2.Engine;
using Df2.Engine.NN;
using Df2.Learning.RealWorld.Core;
using Df2.Learning.RealWorld.Methods;

namespace Df2.Learning.RealWorld.Running;

/// <summary>
/// Model selection on the validation split (our choice; the paper splits 64/16/20 but does not say how the
/// 16% is used): every <c>val_every</c> epochs and after the last one, the validation decision regret
/// (1/n) Σ f(y, â(x)) − f(y, a*(y)) over the first <c>max_val</c> validation windows is computed with the
/// same decision rule as the test, and the parameters with the lowest value are kept; the test uses them.
/// For warm-started methods (dfl, so-ebm, lodl) the warm start is the best pre-training epoch: at the phase
/// boundary the best state so far is restored (and the optimizer restarted), so the decision-focused
/// phase competes with its own starting point. <c>val_every: 0</c> turns selection off (last epoch is used).
/// </summary>
public sealed class ValidationSelection(int every, int maxVal, int epochs)
{
    private Dictionary<string, float[]>? _bestState;

    public bool Enabled => every > 0;
    /// <summary>Lowest validation regret seen so far (+∞ before the first evaluation).</summary>
    public double BestRegret { get; private set; } = double.PositiveInfinity;
    /// <summary>1-based epoch whose parameters are kept (0 = none evaluated).</summary>
    public int BestEpoch { get; private set; }
    /// <summary>Validation regret of every evaluated epoch (1-based epoch → regret).</summary>
    public SortedDictionary<int, double> History { get; } = [];

    /// <summary>Evaluates after 0-based <paramref name="epoch"/> when it is due; returns the regret or null.</summary>
    public double? AfterEpoch(int epoch, IRealWorldTask task, RealWorldMethod method, CancellationToken cancel)
    {
        if (!Enabled || !((epoch + 1) % every == 0 || epoch + 1 == epochs || PhaseEndsAfter(method, epoch, epochs))) return null;
        var (regret, _, _, _) = RealWorldRunner.Evaluate(task, task.Data.Val, method, maxVal, cancel);
        History[epoch + 1] = regret;
        if (regret < BestRegret || _bestState == null)
        {
            BestRegret = regret; BestEpoch = epoch + 1;
            _bestState = method.Model.StateDict().ToDictionary(kv => kv.Key, kv => kv.Value.ToArray());
        }
        return regret;
    }

    /// <summary>Loads the kept parameters into <paramref name="model"/> (no-op when nothing was evaluated).</summary>
    public void RestoreBest(Module model)
    {
        if (_bestState == null) return;
        var current = model.StateDict();
        model.LoadStateDict(_bestState.ToDictionary(kv => kv.Key, kv => Tensor.FromArray(kv.Value, current[kv.Key].Shape)));
    }

    /// <summary>True when the epoch after <paramref name="epoch"/> starts a new training phase.</summary>
    public static bool PhaseEndsAfter(RealWorldMethod method, int epoch, int epochs) =>
        epoch + 1 < epochs && method.Phase(epoch + 1) != method.Phase(epoch);
}
