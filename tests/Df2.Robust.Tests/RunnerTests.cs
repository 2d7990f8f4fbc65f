using Df2.Specs;
using Df2.Learning.Running;
using Df2.Robust.Methods;
using Df2.Learning.Tasks.LlmProvisioning;

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
    [InlineData("medium-3dl.yaml")]
    [InlineData("medium-3dl-code.yaml")]
    public void Example_spec_parses_and_every_cell_validates(string file)
    {
        var spec = SweepSpecParser.ParseFile(Example(file));
        var cells = SweepExpander.Expand(spec);
        Assert.NotEmpty(cells);
        foreach (var c in cells)
        {
            Assert.Equal(LlmProvisioningTask.Key, c.Task);
            Catalog.Default.Validate(new CellRequest(c.Task, c.Method, c.Parameters, c.Seed, c.DataSeed));
        }
        Assert.Contains(cells, c => c.Method == "3dl");
        Assert.Contains(cells, c => c.Method == "persistence");
    }

    [Fact]
    public void Unknown_parameters_and_methods_are_rejected_by_name()
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => Catalog.Default.Validate(
            new CellRequest("llm-provisioning", "dfl", new Dictionary<string, string> { ["epochz"] = "3" }, 0, 0)));
        Assert.Contains("epochz", e.Message);
        Assert.ThrowsAny<ArgumentException>(() => Catalog.Default.Validate(
            new CellRequest("llm-provisioning", "nope", new Dictionary<string, string>(), 0, 0)));
        var threads = Assert.ThrowsAny<ArgumentException>(() => Catalog.Default.Validate(
            new CellRequest("llm-provisioning", "dfl", new Dictionary<string, string> { ["threads"] = "1" }, 0, 0)));
        Assert.Contains("the host sets libtorch's threads", threads.Message);
    }

    [Fact]
    public void Only_3dl_cells_run_as_rounds_of_halves_and_the_sweep_carries_the_plan()
    {
        var executor = new Df2.Grains.LearningCellExecutor();
        CellRequest R(string task, string method, Dictionary<string, string>? p = null) => new(task, method, p ?? [], 0, 0);
        Assert.Equal(6, executor.Halves(R("llm-provisioning", "3dl", new() { ["rounds"] = "3" })));
        Assert.Equal(0, executor.Halves(R("llm-provisioning", "dfl")));
        Assert.Equal(0, executor.Halves(R("wind", "dfl")));
        Assert.ThrowsAny<ArgumentException>(() => executor.Halves(R("wind", "3dl")));   // 3dl does not fit wind
        Assert.ThrowsAny<ArgumentException>(() => new ThreeDLearningMethod().RunHalf(R("llm-provisioning", "3dl", new() { ["rounds"] = "1" }), 2, null, CancellationToken.None));
        var prepared = SweepSubmission.PrepareFile(Example("quick-3dl.yaml"), executor);
        Assert.All(prepared.Cells, c => Assert.Equal(c.Method == "3dl" ? executor.Halves(c.Request()) : 0, c.Halves));
        Assert.Contains(prepared.Cells, c => c.Halves > 0);
    }

    [Fact]
    public void Persistence_cell_reports_every_test_set()
    {
        var m = Catalog.Default.Run(new CellRequest("llm-provisioning", "persistence", new Dictionary<string, string>(), 0, 0),
            new MemorySink(), _ => { }, CancellationToken.None);
        foreach (var set in new[] { "23V-test", "23D", "23D24D", "23D24V", "24D24V", "24V-half", "24D-half" })
        {
            Assert.True(m.Extra[$"regret_{set}"] > 0 && m.Extra[$"regret_{set}"] < 1, $"{set}: {m.Extra[$"regret_{set}"]}");
            Assert.True(double.IsFinite(m.Extra[$"regret_bw_{set}"]));
        }
        Assert.Equal(m.Extra["regret_avg5"], m.Regret);
    }

    [Fact]
    public void Cells_name_their_dependencies_with_exactly_the_parameters_that_determine_them()
    {
        CellRequest R(string method, Dictionary<string, string> p) => new("llm-provisioning", method, p, 3, 0);
        var common = new Dictionary<string, string> { ["dfl_epochs"] = "2", ["ddpm_iters"] = "30", ["test_rows"] = "14000" };
        Assert.Empty(Catalog.Default.Dependencies(R("persistence", common)));
        var dfl = Assert.Single(Catalog.Default.Dependencies(R("dfl", common)));
        var kl = Assert.Single(Catalog.Default.Dependencies(R("kl-dro", new(common) { ["rho"] = "5", ["epochs"] = "1" })));
        Assert.Equal(DflPredictorMethod.Key, kl.Method);
        Assert.Equal(dfl.Parameters, kl.Parameters);   // the baseline's own settings do not determine the predictor
        Assert.Equal(new Dictionary<string, string> { ["objective"] = "paper", ["dfl_epochs"] = "2", ["dfl_lr"] = "0.001", ["batch"] = "64" }, dfl.Parameters);
        Assert.Equal([DflPredictorMethod.Key, DdpmPretrainMethod.Key], Catalog.Default.Dependencies(R("3dl", common)).Select(d => d.Method));
        var ddpm = Assert.Single(Catalog.Default.Dependencies(R("ddpm", common)));
        Assert.Equal("30", ddpm.Parameters["ddpm_iters"]);
        Assert.DoesNotContain("test_rows", ddpm.Parameters.Keys);
        foreach (var d in Catalog.Default.Dependencies(R("3dl", common)))
        {
            Catalog.Default.Validate(R(d.Method, new(d.Parameters)));
            Assert.Empty(Catalog.Default.Dependencies(R(d.Method, new(d.Parameters))));
        }
        var e = Assert.ThrowsAny<ArgumentException>(() => Catalog.Default.Validate(R("dfl", new() { ["shared_dir"] = "/tmp/x" })));
        Assert.Contains("shared_dir", e.Message);
    }

    [Fact]
    public void A_cell_run_without_its_dependency_artifact_fails_naming_the_dependency()
    {
        var e = Assert.Throws<CellFailedException>(() => Catalog.Default.Run(
            new CellRequest("llm-provisioning", "dfl", new Dictionary<string, string> { ["test_rows"] = "28" }, 0, 0), new MemorySink(), _ => { }, CancellationToken.None));
        Assert.Contains(DflPredictorMethod.Key, e.Message);
    }

    [Theory]
    [InlineData("quick-3dl.yaml", 1)]
    [InlineData("small-3dl.yaml", 1)]
    [InlineData("medium-3dl.yaml", 1)]
    [InlineData("medium-3dl-code.yaml", 1)]
    [InlineData("3dl-paper.yaml", 2)]   // one DFL predictor per objective; the DDPM does not depend on it
    public void Example_sweeps_run_each_dependency_once_before_its_dependents(string file, int objectives)
    {
        var prepared = SweepSubmission.PrepareFile(Example(file), new Df2.Grains.LearningCellExecutor());
        var seeds = prepared.Spec.Seeds.Count;
        Assert.Equal(seeds * objectives, prepared.Cells.Count(c => c.Method == DflPredictorMethod.Key));
        Assert.Equal(seeds, prepared.Cells.Count(c => c.Method == DdpmPretrainMethod.Key));
        var position = prepared.Cells.Select((c, i) => (c.Key, i)).ToDictionary(x => x.Key, x => x.i);
        foreach (var c in prepared.Cells)
            Assert.All(c.DependsOn, d => Assert.True(position[d] < position[c.Key], $"{c.Key} is listed before its dependency {d}"));
        Assert.All(prepared.Cells.Where(c => c.Method is "3dl"), c => Assert.Equal(2, c.DependsOn.Count));
        Assert.All(prepared.Cells.Where(c => c.Method is "persistence"), c => Assert.Empty(c.DependsOn));
    }
}
