using Df2.Learning.Tasks.LlmProvisioning;
using static TorchSharp.torch;

namespace Df2.Robust.Tests;

/// <summary>The evaluation protocol's splits, normalisation and windows, and clear errors for bad data.</summary>
public sealed class DataTests
{
    [Fact]
    public void Splits_and_test_sets_follow_the_protocol()
    {
        var data = LlmProvisioningData.Load(LlmProvisioningData.ResolveFolder(null));
        Assert.Equal((374.0, 106_957.0), (data.Range23V.Min, data.Range23V.Max));
        Assert.Equal(472, data.Train.Count);          // ⌊0.9·525⌋
        Assert.Equal(53, data.Validation.Count);      // the rest of the 70 % split
        var counts = data.Tests.ToDictionary(t => t.Name, t => t.Count);
        Assert.Equal(new[] { "23V-test", "23D", "23D24D", "23D24V", "24D24V", "24V-half", "24D-half" }, data.Tests.Select(t => t.Name));
        Assert.Equal(226, counts["23V-test"]);        // sequences 525..750
        Assert.Equal(798, counts["23D"]);
        Assert.Equal(2559, counts["23D24D"]);
        Assert.Equal(3571, counts["24D24V"]);         // capped at 100,000 rows
        Assert.Equal(2160, counts["24V-half"]);       // rows 11184.. of 23D24V: 60480 bins
        Assert.Equal(2159, counts["24D-half"]);
        foreach (var set in data.Tests)
        {
            Assert.Equal(0f, set.Values.Min());       // each file normalised by its own (capped) range
            Assert.Equal(1f, set.Values.Max(), 6);
        }
    }

    [Fact]
    public void Windows_predict_slots_7_to_27_from_the_previous_7()
    {
        using var seq = arange(56, dtype: float32).reshape(2, 28);
        var (inputs, targets) = ForecastWindows.Of(seq);
        Assert.Equal(new long[] { 42, 7, 1 }, inputs.shape);
        Assert.Equal(7f, targets[0].item<float>());
        Assert.Equal(27f, targets[20].item<float>());
        Assert.Equal(35f, targets[21].item<float>());   // second sequence, slot 7
        Assert.Equal(new[] { 20f, 21, 22, 23, 24, 25, 26 }, inputs[20].flatten().data<float>().ToArray());
    }

    [Fact]
    public void A_bad_value_names_the_file_and_row()
    {
        var path = Path.Combine(Path.GetTempPath(), $"df2-bad-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, "ContextTokens\n10\n20\nabc\n");
        try
        {
            var e = Assert.Throws<InvalidDataException>(() => LlmCsvReader.ReadContextTokens(path, 0, 100));
            Assert.Contains(path, e.Message);
            Assert.Contains("row 4", e.Message);
            Assert.Contains("'abc'", e.Message);
        }
        finally { File.Delete(path); }
    }
}
