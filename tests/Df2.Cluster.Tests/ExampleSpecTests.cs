using Df2.Grains;
using Df2.Specs;
using Df2.Learning.Running;

namespace Df2.Cluster.Tests;

/// <summary>
/// Every shipped sweep (examples/ and the experiment specs in bench/specs/) goes through the very preparation a submit
/// does (<see cref="SweepSubmission.PrepareFile"/>: parse, expand, validate every cell, add the dependency cells, ask each
/// cell's step plan); no cell is trained.
/// </summary>
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
        var executor = new LearningCellExecutor();
        var prepared = SweepSubmission.PrepareFile(Path.Combine(Paths.Repo, file), executor);
        var listed = SweepExpander.Expand(prepared.Spec);
        Assert.NotEmpty(listed);
        // every listed cell is prepared, and every cell a prepared one depends on is prepared too (the dependency cells)
        var keys = prepared.Cells.Select(c => c.Key).ToHashSet(StringComparer.Ordinal);
        Assert.All(listed, c => Assert.Contains(c.Key, keys));
        foreach (var c in prepared.Cells)
            foreach (var d in executor.Dependencies(c.Request()))
                Assert.Contains(prepared.Cells, p => p.Method == d.Method && p.Task == c.Task && p.Seed == c.Seed);
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
