namespace Df2.Learning.Running;

/// <summary>
/// A method's decisions scored on the evaluated windows of a split: per window r, regret_r = f(y_r, â(x_r)) − f(y_r, a*(y_r))
/// (<see cref="PerSample"/>); <see cref="Cost"/> and <see cref="Oracle"/> are the mean f(y, â) and f(y, a*);
/// <see cref="Regret"/> is mean_r regret_r or Cost − Oracle, as the task's <see cref="Tasks.ReproductionProfile"/> says
/// (equal up to rounding); <see cref="Seconds"/> is the time of the decisions.
/// </summary>
public sealed record Evaluation(double Regret, double Cost, double Oracle, double Seconds, double[] PerSample);
