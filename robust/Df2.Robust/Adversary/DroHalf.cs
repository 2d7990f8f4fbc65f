namespace Df2.Robust.Adversary;

/// <summary>The two resumable halves of a 3D-Learning round (Algorithm 2): the adversary (IMAX) then the decision model.</summary>
public enum DroHalf
{
    Adversary,
    Decision,
}
