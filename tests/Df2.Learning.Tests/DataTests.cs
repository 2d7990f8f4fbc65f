using System.Text.Json;
using Df2.Learning.Data;
using Df2.Learning.Tasks;

using Df2.Learning.Tasks.Synthetic;

namespace Df2.Learning.Tests;

public class DataTests
{
    [Fact]
    public void PaperSizesSplit70_15_15()
    {
        var d = SyntheticDataset.Generate(0, 5000);
        Assert.Equal(3500, d.TrainIndex.Length);
        Assert.Equal(750, d.ValIndex.Length);
        Assert.Equal(750, d.TestIndex.Length);
        Assert.All(d.X, v => Assert.InRange(v, -1, 1));
    }

    [Fact]
    public void SameDataSeedSameDataOtherSeedOtherMixture()
    {
        var a = SyntheticDataset.Generate(4, 300);
        var b = SyntheticDataset.Generate(4, 300);
        var c = SyntheticDataset.Generate(5, 300);
        Assert.Equal(a.X, b.X);
        Assert.Equal(a.Y, b.Y);
        Assert.Equal(a.Splits, b.Splits);
        Assert.NotEqual(a.Mixture.A[0, 0, 0], c.Mixture.A[0, 0, 0]);
        foreach (var v in a.Mixture.A) Assert.InRange(v, 0, 1);
    }

    [Fact]
    public void LabelsFollowTheMixtureMoments()
    {
        // E[y | x] = Σ_k w_k A_k x; residual variance = 0.1 + between-component variance
        var d = SyntheticDataset.Generate(2, 20000);
        var m = d.Mixture;
        double sumResidual = 0;
        for (int r = 0; r < d.Count; r++)
        {
            double mean = 0;
            for (int k = 0; k < 3; k++) mean += m.Weights[k] * m.ComponentMean(k, 0, d.X[2 * r], d.X[2 * r + 1]);
            sumResidual += d.Y[2 * r] - mean;
        }
        Assert.InRange(sumResidual / d.Count, -0.02, 0.02);
    }

    [Fact]
    public void ExportWritesCsvAndMixtureJson()
    {
        var dir = Path.Combine(Path.GetTempPath(), "df2-export-" + Guid.NewGuid().ToString("N"));
        try
        {
            var csv = Path.Combine(dir, "conv.csv");
            DataExport.Export("synthetic-convex", 3, csv);
            var lines = File.ReadAllLines(csv);
            Assert.Equal("x1,x2,y1,y2,split", lines[0]);
            Assert.Equal(5001, lines.Length);
            Assert.Equal(3500, lines.Count(l => l.EndsWith(",train")));
            Assert.Equal(750, lines.Count(l => l.EndsWith(",test")));
            var data = SyntheticDataset.Generate(3, 5000);
            var first = lines[1].Split(',');
            Assert.Equal(data.X[0], double.Parse(first[0], System.Globalization.CultureInfo.InvariantCulture));
            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "conv.mixture.json")));
            var a = json.RootElement.GetProperty("A");
            Assert.Equal(3, a.GetArrayLength());
            Assert.Equal(data.Mixture.A[2, 1, 0], a[2][1][0].GetDouble());
            Assert.Equal(0.1, json.RootElement.GetProperty("variance").GetDouble());
            Assert.Equal(0.4, json.RootElement.GetProperty("weights")[2].GetDouble());
            Assert.Empty(Directory.GetFiles(dir, "*.tmp"));
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
    }

    [Fact]
    public void ExportRejectsUnknownTask()
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => DataExport.Export("wind", 0, Path.Combine(Path.GetTempPath(), "x.csv")));
        Assert.Contains("task 'wind' is unknown", e.Message);
        Assert.Contains("synthetic-convex", e.Message);
    }

    [Fact]
    public void RngIsDeterministic()
    {
        var a = new DataRng(42);
        var b = new DataRng(42);
        for (int i = 0; i < 100; i++) Assert.Equal(a.NextNormal(), b.NextNormal());
        Assert.Equal(SyntheticProblem.All.Select(p => p.Name), new[] { "synthetic-convex", "synthetic-nonconvex" });
    }
}
