using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace Df2.Learning.Running;

/// <summary>
/// The cell's <see cref="CellRequest.Device"/>: "cpu", "cuda" or "cuda:N". <see cref="CheckFormat"/> runs at
/// validation (the client may not have the GPU); <see cref="Open"/> runs on the worker and fails the cell
/// with a reason when the device is not there.
/// </summary>
public static class CellDevice
{
    /// <summary>Throws <see cref="ArgumentException"/> naming the value unless it is cpu, cuda or cuda:N.</summary>
    public static void CheckFormat(string? device)
    {
        if (device == "cpu" || device == "cuda") return;
        if (device is not null && device.StartsWith("cuda:", StringComparison.Ordinal)
            && int.TryParse(device.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out _)) return;
        throw new ArgumentException($"device '{device}' is not one of cpu, cuda, cuda:N");
    }

    /// <summary>The TorchSharp device for the value; a CUDA device that this process cannot see fails the cell.</summary>
    public static Device Open(string device)
    {
        CheckFormat(device);
        if (device == "cpu") return CPU;
        if (!cuda.is_available()) throw new CellFailedException($"device '{device}' requested but CUDA is not available in this process");
        int index = device == "cuda" ? 0 : int.Parse(device.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture);
        int count = cuda.device_count();
        if (index >= count) throw new CellFailedException($"device '{device}' requested but this process sees {count} CUDA device(s)");
        return new Device(DeviceType.CUDA, index);
    }
}
