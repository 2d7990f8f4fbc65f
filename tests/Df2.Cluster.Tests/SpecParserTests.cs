using Df2.Specs;

namespace Df2.Cluster.Tests;

public class SpecParserTests
{
    private const string Example = """
        name: quick
        seeds: [0, 1]
        data_seeds: [0]
        defaults: { epochs: 5 }
        tasks:
          - synthetic-convex
          - name: synthetic-nonconvex
            params: { n: 5000 }
        methods:
          - name: df2
            params: { S: 200, J: 20, epochs: 7 }
          - name: two-stage-gmm
            variants: { k: [1, 3, 10] }
          - policy-net
          - two-stage-pe
        """;

    [Fact]
    public void Expands_every_cell_with_stable_keys_and_merged_parameters()
    {
        var spec = SweepSpecParser.Parse(Example, "quick.yaml");
        var cells = SweepExpander.Expand(spec);
        Assert.Equal(2 * (1 + 3 + 1 + 1) * 2 * 1, cells.Count);
        Assert.Equal(cells.Count, cells.Select(c => c.Key).Distinct().Count());
        var gmm = cells.Single(c => c.Key == "synthetic-convex/two-stage-gmm[k=3]/seed=0/data=0");
        Assert.Equal("k=3", gmm.Variant);
        Assert.Equal("3", gmm.Parameters["k"]);
        Assert.Equal("5", gmm.Parameters["epochs"]);
        var df2 = cells.Single(c => c.Key == "synthetic-nonconvex/df2/seed=1/data=0");
        Assert.Equal("7", df2.Parameters["epochs"]); // method params win over defaults
        Assert.Equal("5000", df2.Parameters["n"]);
        Assert.Equal("", df2.Variant);
        Assert.Equal(SweepExpander.SweepId("quick", cells), SweepExpander.SweepId("quick", SweepExpander.Expand(SweepSpecParser.Parse(Example, "x"))));
    }

    [Fact]
    public void Variant_label_sorts_keys()
    {
        Assert.Equal("a=1,k=3", CellKey.VariantLabel([new("k", "3"), new("a", "1")]));
        Assert.Equal("t/m[a=1]/seed=2/data=3", CellKey.Format("t", "m", "a=1", 2, 3));
    }

    [Theory]
    [InlineData("name: q\nseeds: [0, x]\ntasks: [a]\nmethods: [b]\n", "seeds[1]", 2)]
    [InlineData("name: q\nseeds: [0]\ntasks: [a]\nmethods: [b]\ncolour: red\n", "colour", 5)]
    [InlineData("name: q\nseeds: [0]\ntasks: [a]\n", "methods", 1)]
    [InlineData("name: q\nseeds: [0]\ntasks: [a]\nmethods:\n  - name: b\n    variants: { k: [] }\n", "methods[0].variants", 6)]
    [InlineData("name: q\nseeds: [0\ntasks: [a]\n", "(yaml)", 2)]
    [InlineData("name: q\nseeds: [0]\ntasks: [a, a]\nmethods: [b]\n", "tasks[1]", 3)]
    public void Malformed_spec_gives_one_error_with_field_and_line(string yaml, string field, int line)
    {
        var e = Assert.Throws<SweepSpecException>(() => SweepSpecParser.Parse(yaml, "bad.yaml"));
        Assert.StartsWith(field, e.Field);
        Assert.Equal(line, e.Line);
        Assert.StartsWith($"bad.yaml:{line}:", e.Message);
    }

    [Fact]
    public void A_spec_past_the_cell_limit_gets_one_error_before_it_is_expanded()
    {
        // 1 task × 1001 variants × 1000 seeds = 1,001,000 cells > 1,000,000
        var yaml = $"name: big\ntasks: [synthetic-convex]\nseeds: [{string.Join(", ", Enumerable.Range(0, 1000))}]\n" +
                   $"methods:\n  - name: two-stage-gmm\n    variants: {{ k: [{string.Join(", ", Enumerable.Range(1, 1001))}] }}\n";
        var spec = SweepSpecParser.Parse(yaml, "big.yaml");
        Assert.Equal(1_001_000, SweepExpander.Count(spec));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var e = Assert.Throws<SweepSpecException>(() => SweepExpander.Expand(spec));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"the count should not expand the cells ({clock.Elapsed})");
        Assert.StartsWith("big.yaml:3:1: seeds: the spec expands to 1,001,000 cells", e.Message);
        Assert.Contains("limit of 1,000,000", e.Message);
    }
}
