using System.Text;
using Df2.Learning.Running;

namespace Df2.Learning.Tests;

/// <summary>
/// The one epoch loop (<see cref="EpochLoop"/>) with a scripted training (no tensors): the order of its calls, resume from
/// the sink, positions other than epochs, a non-finite loss and cancellation.
/// </summary>
public sealed class EpochLoopTests
{
    /// <summary>A training whose "state" is the list of epochs it trained, so a checkpoint and a restore can be checked.</summary>
    private sealed class Scripted(int epochs, Func<int, double>? loss = null, Func<int, int>? position = null) : IEpochTraining
    {
        public List<string> Calls { get; } = [];
        public List<int> Trained { get; private set; } = [];

        public int Epochs => epochs;

        public int Position(int finishedEpochs) => position?.Invoke(finishedEpochs) ?? finishedEpochs;

        public int Restore(int savedEpoch, byte[] state)
        {
            Trained = Encoding.UTF8.GetString(state).Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToList();
            Calls.Add($"restore {savedEpoch}");
            return Trained.Count;
        }

        public double TrainEpoch(int epoch, CancellationToken cancel)
        {
            Calls.Add($"train {epoch}");
            Trained.Add(epoch);
            return loss?.Invoke(epoch) ?? 1.0 / (epoch + 1);
        }

        public void AfterEpoch(int epoch, double seconds, CancellationToken cancel) => Calls.Add($"after {epoch}");

        public byte[] Checkpoint(int finishedEpochs)
        {
            Calls.Add($"checkpoint {finishedEpochs}");
            return Encoding.UTF8.GetBytes(string.Join(",", Trained));
        }
    }

    [Fact]
    public void Each_epoch_trains_then_follows_up_then_reports_then_checkpoints()
    {
        var training = new Scripted(3);
        var sink = new MemorySink();
        var reports = new List<EpochReport>();
        sink.Saved = e => training.Calls.Add($"saved {e}");
        var outcome = EpochLoop.Run(training, sink, r => { reports.Add(r); training.Calls.Add($"report {r.Epoch}"); }, "t/m", CancellationToken.None);
        var expected = new List<string>();
        for (var e = 0; e < 3; e++) expected.AddRange([$"train {e}", $"after {e}", $"report {e + 1}", $"checkpoint {e + 1}", $"saved {e + 1}"]);
        Assert.Equal(expected, training.Calls);
        Assert.Equal([1, 2, 3], reports.Select(r => r.Epoch));
        Assert.All(reports, r => Assert.Equal(3, r.TotalEpochs));
        Assert.Equal([1.0, 0.5, 1.0 / 3], reports.Select(r => r.Loss));
        Assert.Equal(0, outcome.ResumedFrom);
        Assert.Equal(1.0 / 3, outcome.LastLoss);
        Assert.True(outcome.TrainSeconds >= 0);
    }

    [Fact]
    public void A_resumed_loop_continues_after_the_sinks_checkpoint_and_ends_as_an_uninterrupted_one()
    {
        var straight = new Scripted(4);
        var straightSink = new MemorySink();
        EpochLoop.Run(straight, straightSink, null, "t/m", CancellationToken.None);

        var sink = new MemorySink();
        using var cancel = new CancellationTokenSource();
        sink.Saved = e => { if (e == 2) cancel.Cancel(); };   // stopped where a host would find its checkpoint
        Assert.Throws<OperationCanceledException>(() => EpochLoop.Run(new Scripted(4), sink, null, "t/m", cancel.Token));
        var resumed = new Scripted(4);
        var outcome = EpochLoop.Run(resumed, sink, null, "t/m", CancellationToken.None);
        Assert.Equal(2, outcome.ResumedFrom);
        Assert.Equal("restore 2", resumed.Calls[0]);
        Assert.Equal("train 2", resumed.Calls[1]);
        Assert.Equal(straight.Trained, resumed.Trained);
        Assert.Equal(straightSink.Saves[^1].State, sink.Saves[^1].State);
    }

    [Fact]
    public void A_finished_checkpoint_trains_nothing_and_no_epochs_reads_no_checkpoint()
    {
        var sink = new MemorySink();
        EpochLoop.Run(new Scripted(2), sink, null, "t/m", CancellationToken.None);
        var again = new Scripted(2);
        var outcome = EpochLoop.Run(again, sink, null, "t/m", CancellationToken.None);
        Assert.Equal(["restore 2"], again.Calls);
        Assert.Equal(2, outcome.ResumedFrom);
        Assert.True(double.IsNaN(outcome.LastLoss));

        var none = new Scripted(0);
        Assert.Equal(0, EpochLoop.Run(none, sink, null, "t/m", CancellationToken.None).ResumedFrom);
        Assert.Empty(none.Calls);
    }

    [Fact]
    public void Progress_and_the_sink_count_in_the_trainings_positions()
    {
        // 3 windows of 10 iterations, the last one short (29 iterations in all): positions 10, 20, 29
        var training = new Scripted(3, position: e => Math.Min(10 * e, 29));
        var sink = new MemorySink();
        var reports = new List<EpochReport>();
        EpochLoop.Run(training, sink, reports.Add, "t/m", CancellationToken.None);
        Assert.Equal([10, 20, 29], reports.Select(r => r.Epoch));
        Assert.All(reports, r => Assert.Equal(29, r.TotalEpochs));
        Assert.Equal([10, 20, 29], sink.Saves.Select(s => s.Epoch));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_non_finite_epoch_loss_fails_the_cell_naming_it_and_saves_nothing_for_that_epoch(double bad)
    {
        var training = new Scripted(3, e => e == 1 ? bad : 0.5);
        var sink = new MemorySink();
        var e = Assert.Throws<CellFailedException>(() => EpochLoop.Run(training, sink, null, "llm-provisioning/dfl", CancellationToken.None));
        Assert.Contains("epoch 2", e.Message);
        Assert.Contains("llm-provisioning/dfl", e.Message);
        Assert.Equal([1], sink.Saves.Select(s => s.Epoch));
        Assert.DoesNotContain("after 1", training.Calls);
    }
}
