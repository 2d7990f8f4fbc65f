using Df2.Learning.Tasks;

namespace Df2.Learning.Methods.DecisionFocused;

/// <summary>The box decision space of a separable task (unwrapping a train-limited view).</summary>
public static class BoxBounds
{
    /// <summary>The separable box task behind <paramref name="task"/>.</summary>
    public static SeparableBoxTask Task(IDecisionTask task) => task switch
    {
        SeparableBoxTask s => s,
        TrainLimitedTask t => Task(t.Inner),
        _ => throw new ArgumentException($"task '{task.Name}' has no box decision space"),
    };

    /// <summary>The box [lo, hi].</summary>
    public static (double Lo, double Hi) Of(IDecisionTask task)
    {
        var box = Task(task);
        return (box.Lo, box.Hi);
    }
}
