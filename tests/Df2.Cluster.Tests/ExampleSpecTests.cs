using Df2.Grains;
using Df2.Specs;
using Df2.Learning.Running;

namespace Df2.Cluster.Tests;

/// <summary>Every shipped sweep (examples/ and the experiment specs in bench/specs/) parses, expands and validates cell by cell (no cell is trained).</summary>
public class ExampleSpecTests
{
    public static TheoryData<string> Examples()
    {
        var data = new TheoryData<string>();
        foreach (var folder in new[] { "examples", Path.Combine("bench", "specs") })
            foreach (var f in Directory.GetFiles(Path.Combine(Paths.Repo, folder), "*.yaml").Order(StringComparer.Ordinal))
                data.Add(Path.GetRelativePath(Paths.Repo, f));
        return data;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_spec_expands_to_valid_cells(string file)
    {
        var spec = SweepSpecParser.ParseFile(Path.Combine(Paths.Repo, file));
        var cells = SweepExpander.Expand(spec);
        Assert.NotEmpty(cells);
        foreach (var c in cells)
            new LearningCellExecutor().Validate(new CellRequest(c.Task, c.Method, c.Parameters, c.Seed, c.DataSeed));
    }

    [Fact]
    public void Table2_spec_has_every_row_of_the_paper_on_all_three_tasks()
    {
        var cells = SweepExpander.Expand(SweepSpecParser.ParseFile(Path.Combine(Paths.Repo, "examples", "df2-table2.yaml")));
        foreach (var task in new[] { "wind", "inventory", "vaccine" })
        {
            var rows = cells.Where(c => c.Task == task).Select(c => $"{c.Method}[{c.Variant}]").ToHashSet();
            foreach (var k in new[] { 1, 3, 10, 500, 1000 })
            {
                Assert.Contains($"two-stage-gmm[k={k}]", rows);
                Assert.Contains($"dfl[k={k}]", rows);
                Assert.Contains($"lodl[k={k}]", rows);
            }
            foreach (var k in new[] { 1, 10, 500, 1000 }) Assert.Contains($"so-ebm[k={k}]", rows);
            foreach (var m in new[] { "policy-net[]", "two-stage-pe[]", "df2[]" }) Assert.Contains(m, rows);
            Assert.Equal(5, cells.Where(c => c.Task == task && c.Method == "df2").Select(c => c.Seed).Distinct().Count());
        }
    }
}
