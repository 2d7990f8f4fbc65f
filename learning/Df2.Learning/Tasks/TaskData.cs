using Df2.Learning.Data.RealWorld;

namespace Df2.Learning.Tasks;

/// <summary>Row-major splits: X [n, SeqLen·StepFeatures], Y [n, YDim]; <see cref="Notes"/> documents scaling etc.</summary>
public sealed record TaskData(WindowedSplit Train, WindowedSplit Val, WindowedSplit Test, string Notes);
