namespace Df2.Learning.Plugins;

/// <summary>
/// What a task offers a method (PyEPO's "what a model needs from a problem"). A method declares the sets of offers it
/// needs (<see cref="IMethodPlugin.Needs"/>); the catalog derives the valid (method, task) pairs from both.
/// </summary>
[Flags]
public enum TaskOffer
{
    None = 0,
    /// <summary>Feature windows x [SeqLen, StepFeatures] with targets y: every task.</summary>
    Windows = 1,
    /// <summary>
    /// A differentiable cost f(y, a) on a constraint set with its per-sample oracle a*(y), a sample-based test-time
    /// solver and uniform actions (<see cref="Tasks.IDecisionTask"/>): what DF2, policy-net and the two-stage methods need.
    /// </summary>
    DecisionCost = 2,
    /// <summary>f(y, a) = Σᵢ c(yᵢ, aᵢ) on a box (<see cref="Tasks.IDecisionTask.Separable"/>): DFL's SAA argmin per coordinate.</summary>
    SeparableBox = 4,
    /// <summary>Decisions on a budget simplex: DFL's mirror-descent argmin with its face-wise implicit derivative.</summary>
    BudgetSimplex = 8,
    /// <summary>A closed-form decision â = clamp(k·ĉ, a_min, a_max) from a point forecast ĉ, differentiable in ĉ (3D-Learning's provisioning).</summary>
    ClosedFormDecision = 16,
    /// <summary>Training sequences as images for a diffusion model (3D-Learning's DDPM and adversary).</summary>
    SequenceImages = 32,
    /// <summary>
    /// Each window x is the recent past of the very series the targets y continue (one feature per step, same scale), so
    /// its last value is a forecast of every target step: the persistence reference.
    /// </summary>
    LastObservation = 64,
}
