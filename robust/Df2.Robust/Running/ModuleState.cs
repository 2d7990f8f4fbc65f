using static TorchSharp.torch;

namespace Df2.Robust.Running;

/// <summary>Copies of a module's parameters and buffers, under a name prefix, and loading them back.</summary>
public static class ModuleState
{
    public static Dictionary<string, Tensor> Snapshot(nn.Module module, string prefix = "")
    {
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, t) in module.state_dict()) result[prefix + name] = t.detach().cpu().clone();
        return result;
    }

    public static void Restore(nn.Module module, IReadOnlyDictionary<string, Tensor> tensors, string prefix = "")
    {
        using var noGrad = no_grad();
        foreach (var (name, t) in module.state_dict())
        {
            if (!tensors.TryGetValue(prefix + name, out var saved))
                throw new InvalidDataException($"checkpoint has no tensor '{prefix + name}'");
            if (!saved.shape.SequenceEqual(t.shape))
                throw new InvalidDataException($"checkpoint tensor '{prefix + name}' has shape [{string.Join(",", saved.shape)}], the model [{string.Join(",", t.shape)}]");
            t.copy_(saved);
        }
    }
}
