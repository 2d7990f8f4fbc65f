using Df2.Learning.Tasks.Inventory;

namespace Df2.RealWorld.Tests.Plain;

/// <summary>The M5 excerpt loader (second inventory stand-in) on hand-written files: selection, leading zeros, errors naming row and column.</summary>
public sealed class M5SeriesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("m5-").FullName;

    private string Write(params string[] rows)
    {
        var path = Path.Combine(_dir, "sales_train_validation.csv");
        File.WriteAllLines(path, ["id,item_id,dept_id,cat_id,store_id,state_id,d_1,d_2,d_3,d_4", .. rows]);
        return path;
    }

    [Fact]
    public void Selects_the_series_by_id_with_or_without_suffix_and_drops_days_before_the_first_sale()
    {
        var path = Write("A_1_validation,A,A_D,A_C,S,ST,0,0,2,1", "B_1_validation,B,B_D,B_C,S,ST,3,0,0,5");
        Assert.Equal([2.0, 1.0], M5Series.Load(path, "A_1"));
        Assert.Equal([3.0, 0.0, 0.0, 5.0], M5Series.Load(path, "B_1_validation"));
    }

    [Fact]
    public void Bad_value_is_named_by_row_and_day_column()
    {
        var path = Write("A_1_validation,A,A_D,A_C,S,ST,0,1,x,1");
        var e = Assert.Throws<InvalidDataException>(() => M5Series.Load(path, "A_1"));
        Assert.Contains("row 2, column 'd_3': bad value 'x'", e.Message);
    }

    [Fact]
    public void Unknown_series_lists_the_known_ones()
    {
        var path = Write("A_1_validation,A,A_D,A_C,S,ST,0,1,1,1");
        var e = Assert.Throws<InvalidDataException>(() => M5Series.Load(path, "Z_9"));
        Assert.Contains("no series 'Z_9'; known: A_1_validation", e.Message);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
