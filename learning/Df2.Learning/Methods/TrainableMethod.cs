using Df2.Learning.Data;
using Df2.Learning.Tasks;
using Df2.Learning.Data.RealWorld;
using Df2.Learning.Nets;
using Df2.Learning.Running;
using static TorchSharp.torch;
using Rng = Df2.Kernels.Random.Rng;

namespace Df2.Learning.Methods;

/// <summary>
/// A method trained on a decision task (one class per method for every task). Every method on a task shares the
/// task's feature network (<c>encoder</c>: <see cref="MlpEncoder"/> for the synthetic tasks, <see cref="LstmEncoder"/>
/// for wind / inventory, <see cref="DcrnnEncoder"/> for vaccine, over x [B, SeqLen, StepFeatures]) so comparisons are fair; it defines
/// the mini-batch loss for an epoch and turns test features into decisions through the task's solver.
/// Tensors live on <see cref="Device"/> (the cell's device); decisions come back to the host, where the
/// task's solvers and the regret run in double precision.
/// </summary>
public abstract class TrainableMethod
{
    protected TrainableMethod(IDecisionTask task, CellSettings settings)
    {
        Task = task; Settings = settings; Device = CellDevice.Open(settings.Device);
        InitRng = new Rng(InitSeed(settings.Seed));
        SampleRng = new Rng((ulong)(uint)settings.Seed * 40503UL + 7UL);
    }

    public IDecisionTask Task { get; }
    public CellSettings Settings { get; }
    /// <summary>Where the model and every batch live (<c>cpu</c>, <c>cuda:N</c>).</summary>
    public Device Device { get; }
    /// <summary>Generator of the initial weights (and of anything else drawn once while the model is built), seeded by <see cref="InitSeed"/>.</summary>
    protected Rng InitRng { get; }

    /// <summary>
    /// Seed of <see cref="InitRng"/>: seed·2654435761 + 17 (Knuth's multiplicative hash of the training seed), for every task
    /// and method. It differs from <see cref="SampleRng"/>'s seed·40503 + 7 for every 32-bit seed, so the two streams never coincide.
    /// </summary>
    public static ulong InitSeed(int seed) => (ulong)(uint)seed * 2654435761UL + 17UL;

    /// <summary>Generator (xoshiro256**, kernels <see cref="Rng"/>) for Gumbel/normal draws during training (seeded by the training seed).</summary>
    protected Rng SampleRng { get; }

    /// <summary>The trained network (built on the host from <see cref="InitRng"/>; the runner moves it to <see cref="Device"/>).</summary>
    public abstract nn.Module Model { get; }

    /// <summary>Epochs this method trains for (<see cref="EpochCount"/> of its class).</summary>
    public int TotalEpochs => EpochCount(GetType(), Settings);

    /// <summary>
    /// The one rule of how many epochs a method class trains for (its descriptor asks it before a cell is built): 0 for a
    /// rule that trains nothing (<see cref="IUntrainedMethod"/>), <c>pretrain_epochs</c> + <c>epochs</c> for a warm-started
    /// method (<see cref="DecisionFocused.WarmStartedGmmMethod.EpochCount"/>), else <c>epochs</c>.
    /// </summary>
    public static int EpochCount(Type methodType, CellSettings s) =>
        typeof(IUntrainedMethod).IsAssignableFrom(methodType) ? 0
        : typeof(DecisionFocused.WarmStartedGmmMethod).IsAssignableFrom(methodType) ? DecisionFocused.WarmStartedGmmMethod.EpochCount(s)
        : s.Get<TrainerSettings>().Epochs;

    /// <summary>
    /// The generators whose state advances from one epoch to the next, by name; checkpoints save
    /// and restore them so that a resumed cell draws the same numbers. A method that keeps another
    /// long-lived <see cref="Rng"/> for training draws must add it here (per-epoch <see cref="DataRng"/>
    /// streams and generators used only while constructing the model need nothing).
    /// </summary>
    public virtual IEnumerable<(string Name, Rng Rng)> CarriedRngs() => [("sample", SampleRng)];

    /// <summary>Name of the phase an epoch belongs to (e.g. "pretrain" / "dfl"), for per-phase epoch timing.</summary>
    public virtual string Phase(int epoch) => "train";

    /// <summary>True for the decision-focused epochs of a warm-started method (run at <c>finetune_lr</c>, at most <c>df_max_batches</c> batches).</summary>
    public virtual bool FineTunes(int epoch) => false;

    /// <summary>The mini-batch loss on training rows (a scalar tensor on <see cref="Device"/>).</summary>
    public abstract Tensor BatchLoss(int[] rows, int epoch, DataRng rng);

    /// <summary>Method-specific figures reported with the cell's metrics after training (none by default).</summary>
    public virtual IReadOnlyDictionary<string, double> Diagnostics() => new Dictionary<string, double>();

    /// <summary>Decisions for rows of the given split, row-major [rows, ADim].</summary>
    public abstract double[] Decide(WindowedSplit split, int[] rows, CancellationToken cancel);

    /// <summary>
    /// The shared backbone named by <c>encoder</c> (the task supplies the default): <c>mlp</c> (synthetic: one hidden
    /// ReLU layer of width <c>hidden</c>), <c>lstm</c> (wind / inventory) or <c>dcrnn</c> (vaccine; hidden size per
    /// node = <c>node_hidden</c>).
    /// </summary>
    protected SequenceEncoder NewEncoder()
    {
        var e = Settings.Get<EncoderSettings>();
        return e.Kind switch
        {
            "mlp" => new MlpEncoder(Task.SeqLen * Task.StepFeatures, e.Hidden, InitRng),
            "lstm" => new LstmEncoder(Task.StepFeatures, e.Hidden, e.Layers, InitRng),
            // the vaccine task's state graph, from its data folder (another task declares no vaccine record: one clear error)
            "dcrnn" => new DcrnnEncoder(Tasks.Vaccine.Adjacency.Load(DataRoot.Resolve(Settings.Get<Tasks.Vaccine.VaccineSettings>().DataDir)), 47, 47,
                e.NodeHidden, e.Layers, InitRng),
            _ => throw new System.Diagnostics.UnreachableException($"encoder '{e.Kind}' passed its spec's allowed values ({string.Join(", ", EncoderSettings.Kinds)})"),
        };
    }

    /// <summary>x of the rows as float32 [B, SeqLen, StepFeatures] on <see cref="Device"/>.</summary>
    protected Tensor Features(WindowedSplit split, int[] rows)
    {
        int f = Task.SeqLen * Task.StepFeatures;
        var x = new float[rows.Length * f];
        for (int r = 0; r < rows.Length; r++)
            for (int i = 0; i < f; i++) x[r * f + i] = (float)split.X[rows[r] * f + i];
        return tensor(x, [rows.Length, Task.SeqLen, Task.StepFeatures], device: Device);
    }

    /// <summary>y of the rows as [B, YDim] on <see cref="Device"/>, float32 (or the given type, converted from the double labels).</summary>
    protected Tensor LabelTensor(WindowedSplit split, int[] rows, ScalarType type = ScalarType.Float32) =>
        tensor(Labels(split, rows), [rows.Length, Task.YDim], device: Device).to(type);

    /// <summary>A float tensor's values on the host (decisions leave the device here, once per evaluation).</summary>
    protected static float[] HostValues(Tensor t) => t.detach().cpu().contiguous().data<float>().ToArray();

    protected double[] Labels(WindowedSplit split, int[] rows)
    {
        int d = Task.YDim;
        var y = new double[rows.Length * d];
        for (int r = 0; r < rows.Length; r++) Array.Copy(split.Y, rows[r] * d, y, r * d, d);
        return y;
    }
}
