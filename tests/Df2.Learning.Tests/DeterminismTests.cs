using Df2.Learning.Methods;
using Df2.Learning.Running;

namespace Df2.Learning.Tests;

/// <summary>
/// Training on the CPU twice with the same seed gives identical numbers; and the device is validated and honoured.
/// </summary>
public sealed class DeterminismTests
{
    public static TheoryData<string> Methods() => new(MethodRegistry.Fitting("synthetic-convex"));

    private static CellMetrics Run(string method, string device = "cpu") =>
        WorkerCells.Shared.Run(new CellRequest("synthetic-convex", method, EndToEndTests.TinyFor(method), 3, 0, device));

    [Theory]
    [MemberData(nameof(Methods))]
    public void TrainingOnCpuTwiceWithTheSameSeedGivesIdenticalRegrets(string method)
    {
        var (a, b) = (Run(method), Run(method));
        Assert.Equal(a.Regret, b.Regret);
        Assert.Equal(a.Extra["final_train_loss"], b.Extra["final_train_loss"]);
        Assert.Equal(a.Extra["test_cost"], b.Extra["test_cost"]);
    }

    [Fact]
    public void AMalformedDeviceIsRejectedAtValidation()
    {
        var request = new CellRequest("synthetic-convex", "two-stage-pe", EndToEndTests.TinyFor("two-stage-pe"), 0, 0, "gpu0");
        var e = Assert.ThrowsAny<ArgumentException>(() => CellTrainer.Validate(request));
        Assert.Contains("device 'gpu0'", e.Message);
    }

    [NoCudaFact]
    public void AnAbsentGpuFailsTheCell()
    {
        var f = Assert.Throws<Df2.Grains.Worker.WorkerFaultException>(() => Run("two-stage-pe", "cuda:0"));
        Assert.True(f.Permanent);
        Assert.Contains("device 'cuda:0'", f.Message);
    }
}

/// <summary>A test that needs a machine without CUDA: skipped with the reason where libtorch sees a GPU.</summary>
public sealed class NoCudaFactAttribute : FactAttribute
{
    public NoCudaFactAttribute()
    {
        if (TorchSharp.torch.cuda.is_available()) Skip = "this machine has CUDA; the test checks how a cell fails without it";
    }
}
