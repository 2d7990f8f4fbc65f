namespace Df2.Engine.Optim;

/// <summary>torch.optim.lr_scheduler.StepLR: after every <c>stepSize</c> calls to Step(), lr ← lr·γ
/// (lr_e = lr₀·γ^⌊e/stepSize⌋).</summary>
public sealed class StepLR
{
    private readonly Optimizer _opt;
    private readonly int _stepSize;
    private readonly float _gamma, _baseLr;

    public StepLR(Optimizer optimizer, int stepSize, float gamma = 0.1f)
    {
        if (stepSize <= 0) throw new ArgumentOutOfRangeException(nameof(stepSize), "StepLR stepSize must be > 0.");
        _opt = optimizer; _stepSize = stepSize; _gamma = gamma; _baseLr = optimizer.LearningRate;
    }

    /// <summary>Epochs counted so far.</summary>
    public int LastEpoch { get; private set; }

    /// <summary>Advances one epoch and updates the optimizer's learning rate.</summary>
    public void Step()
    {
        LastEpoch++;
        _opt.LearningRate = (float)(_baseLr * Math.Pow(_gamma, LastEpoch / _stepSize));
    }
}
