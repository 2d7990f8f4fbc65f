using Df2.Kernels.IO;
using TorchSharp;
using static TorchSharp.torch;

namespace Df2.Kernels.Tests;

/// <summary>safetensors of TorchSharp tensors: every dtype round-trips bit for bit, metadata travels, bad files fail clearly.</summary>
public sealed class SafetensorsTests
{
    [Fact]
    public void Every_dtype_roundtrips_bit_for_bit_with_metadata()
    {
        using var scope = NewDisposeScope();
        var g = new Generator(3);
        var tensors = new Dictionary<string, Tensor>
        {
            ["f32"] = randn(new long[] { 2, 3 }, generator: g),
            ["f64"] = randn(new long[] { 4 }, ScalarType.Float64, generator: g),
            ["i64"] = tensor(new long[] { long.MinValue, -1, 0, long.MaxValue }),
            ["u8"] = tensor(new byte[] { 0, 7, 255 }),
            ["bool"] = tensor(new[] { true, false }),
            ["scalar"] = tensor(2.5f),
            ["empty"] = zeros(0, 3),
        };
        var bytes = Safetensors.ToBytes(tensors, new Dictionary<string, string> { ["epoch"] = "3" });
        Assert.Equal(0, (long)BitConverter.ToUInt64(bytes, 0) % 8);
        var back = Safetensors.Load(bytes, out var meta);
        Assert.Equal("3", meta["epoch"]);
        Assert.Equal(tensors.Keys.Order(), back.Keys.Order());
        foreach (var (name, t) in tensors)
        {
            Assert.Equal(t.dtype, back[name].dtype);
            Assert.Equal(t.shape, back[name].shape);
            Assert.True(t.contiguous().bytes.SequenceEqual(back[name].bytes), name);
        }
        Assert.Equal(bytes, Safetensors.ToBytes(back, meta)); // same tensors ⇒ same bytes
    }

    [Fact]
    public void Bad_documents_fail_naming_the_problem()
    {
        var err = Assert.Throws<FormatException>(() => Safetensors.Load(new byte[] { 200, 0, 0, 0, 0, 0, 0, 0, 1 }));
        Assert.Contains("header length", err.Message);
        var header = System.Text.Encoding.UTF8.GetBytes("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}");
        var doc = BitConverter.GetBytes((ulong)header.Length).Concat(header).Concat(new byte[4]).ToArray();
        err = Assert.Throws<FormatException>(() => Safetensors.Load(doc));
        Assert.Contains("'w'", err.Message);
        var missing = Assert.Throws<FileNotFoundException>(() => Safetensors.Load("/nonexistent/x.safetensors"));
        Assert.Contains("/nonexistent/x.safetensors", missing.Message);
    }

    [Fact]
    public void Writes_a_checkpoint_for_the_python_check()
    {
        // tests/golden/check_safetensors.py loads this file into torch.nn.Sequential(Linear(3,4), ReLU, Linear(4,2))
        using var scope = NewDisposeScope();
        manual_seed(11);
        using var m = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2));
        var y = m.call(tensor(new[] { 0.5f, -1f, 2f }).reshape(1, 3)).data<float>().ToArray();
        var meta = new Dictionary<string, string> { ["output"] = string.Join(",", y.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture))) };
        var path = Path.Combine(AppContext.BaseDirectory, "torchsharp_checkpoint.safetensors");
        Safetensors.Save(path, m.state_dict(), meta);
        var back = Safetensors.Load(path);
        Assert.Equal(new[] { "0.bias", "0.weight", "2.bias", "2.weight" }, back.Keys.Order(StringComparer.Ordinal));
    }
}
