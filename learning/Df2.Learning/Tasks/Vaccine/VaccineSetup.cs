using System.Collections.Concurrent;

namespace Df2.Learning.Tasks.Vaccine;

/// <summary>
/// Everything the vaccine task needs besides the networks: the OD windows, the epidemic data, the
/// SEIRV parameters fitted by <see cref="SeirvFit"/> on the weeks before the test period
/// (hold-out error on the test-period weeks), and the simulator used as the cost f(y, a).
/// The simulator's initial compartments are the data-derived state on the first day of the first
/// test window; every sample uses that same state, so f depends only on (y, a) as DF2 requires.
/// Cached per data folder (loading + fitting takes a few seconds).
/// </summary>
public sealed class VaccineSetup
{
    public const double Budget = 5e6;
    public OdDataset Od { get; }
    public EpidemicData Epidemic { get; }
    public SeirvFitResult Fit { get; }
    public SeirvModel Model { get; }
    public DateOnly InitialDate { get; }

    private static readonly ConcurrentDictionary<string, Lazy<VaccineSetup>> Cache = new();

    private VaccineSetup(OdDataset od, EpidemicData epi, SeirvFitResult fit, SeirvModel model, DateOnly initialDate)
    {
        Od = od; Epidemic = epi; Fit = fit; Model = model; InitialDate = initialDate;
    }

    public static VaccineSetup Get(string dataRoot) => Cache.GetOrAdd(Path.GetFullPath(dataRoot), r => new Lazy<VaccineSetup>(() => Build(r))).Value;

    private static VaccineSetup Build(string dataRoot)
    {
        var od = OdDataset.Load(dataRoot);
        var epi = EpidemicData.Load(dataRoot);
        int testStart = od.TestOrigins[0];
        int offset = epi.DayIndex(OdDataset.PaperStart); // infection-data day of OD day 0
        var fitWeeks = new List<int>();
        for (int d = 0; d + 7 <= testStart; d += 7) fitWeeks.Add(d + offset);
        var holdWeeks = new List<int>();
        for (int d = testStart; d + 7 <= od.NumDays; d += 7) holdWeeks.Add(d + offset);
        double[] OdForWeek(int infDay) => CountsFromLog(od.LogOd.AsSpan((infDay - offset) * OdDataset.Regions * OdDataset.Regions, OdDataset.Dim));
        var fit = SeirvFit.Fit(epi, fitWeeks.ToArray(), holdWeeks.ToArray(), OdForWeek);
        int K = EpidemicData.Regions;
        var init = SeirvFit.InitialState(epi, testStart + offset, fit.Sigma, fit.Gamma);
        var model = new SeirvModel(fit.Beta, Enumerable.Repeat(fit.Sigma, K).ToArray(), Enumerable.Repeat(fit.Gamma, K).ToArray(), epi.Population, init);
        return new VaccineSetup(od, epi, fit, model, OdDataset.DateOf(testStart));
    }

    /// <summary>W = exp(y) = OD + 1 for y = log(OD + 1).</summary>
    public static double[] CountsFromLog(ReadOnlySpan<double> logOd)
    {
        var w = new double[logOd.Length];
        for (int i = 0; i < w.Length; i++) w[i] = Math.Exp(logOd[i]);
        return w;
    }

    /// <summary>
    /// Cost f(y, a) = weekly new infections with y = log(OD + 1) [7, 47, 47]; gradients w.r.t. a and
    /// y (chain rule through W = exp(y): ∂f/∂y = ∂f/∂W · W) when the spans are non-empty.
    /// </summary>
    public double Cost(ReadOnlySpan<double> logOd, ReadOnlySpan<double> a, Span<double> gradA, Span<double> gradY)
        => Prepare(logOd).Cost(a, gradA, gradY);

    /// <summary>f(y, ·) for a fixed y: W = exp(y) and the normalised OD computed once.</summary>
    public SeirvScenario Prepare(ReadOnlySpan<double> logOd) => new(Model, CountsFromLog(logOd));
}

/// <summary>The SEIRV cost f(y, ·) of one OD scenario y = log(W) with W and ỹ precomputed (<see cref="SeirvModel.Prepare"/>).</summary>
public sealed class SeirvScenario(SeirvModel model, double[] counts) : IScenarioCost
{
    private readonly SeirvMobility _mobility = model.Prepare(counts);

    /// <summary>f(y, a) = new infections; ∂f/∂y = ∂f/∂W · W (W = exp y).</summary>
    public double Cost(ReadOnlySpan<double> a, Span<double> gradA, Span<double> gradY)
    {
        double v = model.Run(_mobility, a, gradA, gradY);
        var w = _mobility.W;
        for (int i = 0; i < gradY.Length; i++) gradY[i] *= w[i];
        return v;
    }
}
