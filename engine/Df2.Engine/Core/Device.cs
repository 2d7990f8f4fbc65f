namespace Df2.Engine;

/// <summary>Where a tensor's storage lives. Only the CPU exists today; a CUDA device would add a backend, not autograd code.</summary>
public sealed class Device
{
    private Device(string name) { Name = name; }

    /// <summary>Device name ("cpu").</summary>
    public string Name { get; }

    /// <summary>The host CPU.</summary>
    public static Device Cpu { get; } = new("cpu");

    public override string ToString() => Name;
}
