namespace Df2.Learning.Tasks.Vaccine;

/// <summary>Which gradient eq. 14's exponent uses (see <see cref="MirrorDescentSolver"/>).</summary>
public enum MirrorGradient
{
    /// <summary>∇ w.r.t. the budget share p = a / Budget (our default).</summary>
    Share,
    /// <summary>∇ w.r.t. the doses a, as eq. 14 is written.</summary>
    Dose,
}
