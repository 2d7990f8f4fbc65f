using Df2.Specs;
using Df2.Learning.Running;
using Df2.Robust.Running;

namespace Df2.Robust.Tests;

/// <summary>The cell entry point: validation, the example specs, dependency failures.</summary>
public sealed class RunnerTests
{
    private static string Example(string name)
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "examples", name))) return Path.Combine(d.FullName, "examples", name);
        throw new FileNotFoundException(name);
    }

    [Theory]
    [InlineData("quick-3dl.yaml")]
    [InlineData("3dl-paper.yaml")]
    [InlineData("small-3dl.yaml")]
    public void Example_spec_parses_and_every_cell_validates(string file)
    {
        var spec = SweepSpecParser.ParseFile(Example(file));
        var cells = SweepExpander.Expand(spec);
        Assert.NotEmpty(cells);
        foreach (var c in cells)
        {
            Assert.True(RobustCellRunner.Handles(c.Task));
            RobustCellRunner.Validate(new CellRequest(c.Task, c.Method, c.Parameters, c.Seed, c.DataSeed));
        }
        Assert.Contains(cells, c => c.Method == "3dl");
        Assert.Contains(cells, c => c.Method == "persistence");
    }

    [Fact]
    public void Unknown_parameters_and_methods_are_rejected_by_name()
    {
        var e = Assert.Throws<ArgumentException>(() => RobustCellRunner.Validate(
            new CellRequest("llm-provisioning", "dfl", new Dictionary<string, string> { ["epochz"] = "3" }, 0, 0)));
        Assert.Contains("epochz", e.Message);
        Assert.Throws<ArgumentException>(() => RobustCellRunner.Validate(
            new CellRequest("llm-provisioning", "nope", new Dictionary<string, string>(), 0, 0)));
        var threads = Assert.Throws<ArgumentException>(() => RobustCellRunner.Validate(
            new CellRequest("llm-provisioning", "dfl", new Dictionary<string, string> { ["threads"] = "1" }, 0, 0)));
        Assert.Contains("the host sets libtorch's threads", threads.Message);
    }

    [Fact]
    public void Only_3dl_cells_run_as_rounds_of_halves()
    {
        Assert.True(ThreeDLearningSteps.IsRoundBased("llm-provisioning", "3dl"));
        Assert.False(ThreeDLearningSteps.IsRoundBased("llm-provisioning", "dfl"));
        Assert.False(ThreeDLearningSteps.IsRoundBased("wind", "3dl"));
        Assert.Equal(6, ThreeDLearningSteps.Halves(new CellRequest("llm-provisioning", "3dl", new Dictionary<string, string> { ["rounds"] = "3" }, 0, 0)));
        Assert.Throws<ArgumentException>(() => ThreeDLearningSteps.RunHalf(
            new CellRequest("llm-provisioning", "3dl", new Dictionary<string, string> { ["rounds"] = "1" }, 0, 0), 2, null, CancellationToken.None));
    }

    [Fact]
    public void Persistence_cell_reports_every_test_set()
    {
        var m = RobustCellRunner.Run(new CellRequest("llm-provisioning", "persistence", new Dictionary<string, string>(), 0, 0),
            new MemorySink(), _ => { }, CancellationToken.None);
        foreach (var set in new[] { "23V-test", "23D", "23D24D", "23D24V", "24D24V", "24V-half", "24D-half" })
        {
            Assert.True(m.Extra[$"regret_{set}"] > 0 && m.Extra[$"regret_{set}"] < 1, $"{set}: {m.Extra[$"regret_{set}"]}");
            Assert.True(double.IsFinite(m.Extra[$"regret_bw_{set}"]));
        }
        Assert.Equal(m.Extra["regret_avg5"], m.Regret);
    }

    [Fact]
    public void A_failed_dependency_fails_its_dependents_with_its_reason()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"df2-dep-{Guid.NewGuid():N}");
        var calls = 0;
        byte[] Failing(ICheckpointSink _) { calls++; throw new InvalidOperationException("loss became NaN"); }
        var first = Assert.Throws<CellFailedException>(() => SharedDependencies.GetOrCompute(folder, "dfl", "k1", Failing));
        var second = Assert.Throws<CellFailedException>(() => SharedDependencies.GetOrCompute(folder, "dfl", "k1", Failing));
        Assert.Contains("loss became NaN", first.Message);
        Assert.Equal(first.Message, second.Message);
        Assert.Equal(1, calls);
        var computed = 0;
        var ok = SharedDependencies.GetOrCompute(folder, "ddpm", "k2", _ => { computed++; return [1, 2, 3]; });
        Assert.Equal(ok, SharedDependencies.GetOrCompute(folder, "ddpm", "k2", _ => { computed++; return [9]; }));
        Assert.Equal(1, computed);
        Directory.Delete(folder, recursive: true);
    }
}
