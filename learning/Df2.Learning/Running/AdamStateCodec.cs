using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Df2.Learning.Running;

/// <summary>
/// torch's Adam state as named tensors, so a checkpoint restores it exactly: "{prefix}{i}.step" (I64),
/// "{prefix}{i}.exp_avg", "{prefix}{i}.exp_avg_sq" (/ "{prefix}{i}.max_exp_avg_sq") for the i-th parameter in the
/// optimizer's order, "{prefix}group{g}.lr" (F64) per parameter group. Used by <see cref="CheckpointCodec"/> and by
/// runners that keep the state among other tensors (the DDPM pre-training, the 3D-L adversary).
/// </summary>
public static class AdamStateCodec
{
    /// <summary>Adds the state to <paramref name="into"/>; copies on the CPU with <paramref name="copy"/> (they then outlive the optimizer).</summary>
    public static void Write(OptimizerHelper optimizer, IDictionary<string, Tensor> into, string prefix, bool copy)
    {
        Tensor Keep(Tensor t) => copy ? t.detach().cpu().clone() : t;
        var sd = optimizer.state_dict();
        for (int g = 0; g < sd.Options.Count; g++)
            into[$"{prefix}group{g}.lr"] = tensor(sd.Options[g].LearningRate ?? double.NaN, ScalarType.Float64);
        for (int i = 0; i < sd.State.Count; i++)
        {
            var st = AdamState(sd.State[i]);
            into[$"{prefix}{i}.step"] = tensor(st.step, ScalarType.Int64);
            into[$"{prefix}{i}.exp_avg"] = Keep(st.exp_avg);
            into[$"{prefix}{i}.exp_avg_sq"] = Keep(st.exp_avg_sq);
            if (st.max_exp_avg_sq is { } max) into[$"{prefix}{i}.max_exp_avg_sq"] = Keep(max);
        }
    }

    /// <summary>Checks that <paramref name="from"/> holds a complete state of matching shapes (one <see cref="CellFailedException"/> otherwise), then copies it in.</summary>
    public static void Read(OptimizerHelper optimizer, IReadOnlyDictionary<string, Tensor> from, string prefix)
    {
        var saved = from.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value, StringComparer.Ordinal);
        var sd = optimizer.state_dict();
        Check(saved, sd, prefix);
        using var noGrad = no_grad();
        for (int g = 0; g < sd.Options.Count; g++) sd.Options[g].LearningRate = saved[$"group{g}.lr"].item<double>();
        for (int i = 0; i < sd.State.Count; i++)
        {
            var st = AdamState(sd.State[i]);
            st.step = saved[$"{i}.step"].item<long>();
            st.exp_avg.copy_(saved[$"{i}.exp_avg"]);
            st.exp_avg_sq.copy_(saved[$"{i}.exp_avg_sq"]);
            if (saved.TryGetValue($"{i}.max_exp_avg_sq", out var max))
            {
                st.max_exp_avg_sq?.Dispose();
                st.max_exp_avg_sq = max.to(st.exp_avg.device, copy: true).DetachFromDisposeScope();
            }
        }
    }

    private static Adam.State AdamState(OptimizerState state) =>
        state as Adam.State ?? throw new ArgumentException($"checkpoints store Adam state; this optimizer keeps {state.GetType().Name}");

    /// <summary>One learning rate per parameter group and one complete Adam state per parameter, of the parameter's shape.</summary>
    private static void Check(Dictionary<string, Tensor> saved, optim.Optimizer.StateDictionary sd, string prefix)
    {
        for (int g = 0; g < sd.Options.Count; g++)
            if (!saved.ContainsKey($"group{g}.lr")) throw new CellFailedException($"checkpoint has no learning rate for optimizer group {g}");
        for (int i = 0; i < sd.State.Count; i++)
        {
            var st = AdamState(sd.State[i]);
            foreach (var key in new[] { "step", "exp_avg", "exp_avg_sq" })
                if (!saved.ContainsKey($"{i}.{key}")) throw new CellFailedException($"checkpoint has no optimizer entry '{prefix}{i}.{key}'");
            if (!saved[$"{i}.exp_avg"].shape.SequenceEqual(st.exp_avg.shape))
                throw new CellFailedException($"checkpoint's optimizer state {i} is {Shape(saved[$"{i}.exp_avg"])}, the parameter is {Shape(st.exp_avg)}");
        }
        int stored = saved.Keys.Count(k => k.EndsWith(".exp_avg", StringComparison.Ordinal));
        if (stored != sd.State.Count) throw new CellFailedException($"checkpoint holds optimizer state for {stored} parameters, this optimizer has {sd.State.Count}");
    }

    private static string Shape(Tensor t) => "[" + string.Join(",", t.shape) + "]";
}
