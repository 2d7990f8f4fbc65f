using System.CommandLine;
using Df2.Learning.Data;

namespace Df2.Client;

/// <summary><c>df2 data export TASK --data-seed N --out file.csv</c>: write a task's generated/loaded data set as CSV (learning core's DataExport).</summary>
public static class DataCommand
{
    public static Command Create()
    {
        var task = new Argument<string>("task") { Description = "task name, e.g. synthetic-convex" };
        var seed = new Option<int>("--data-seed") { Description = "data seed", DefaultValueFactory = _ => 0 };
        var output = new Option<FileInfo>("--out") { Description = "CSV file to write", Required = true };
        var export = new Command("export", "export a task's data set to CSV") { task, seed, output };
        export.SetAction(pr =>
        {
            try
            {
                DataExport.Export(pr.GetValue(task)!, pr.GetValue(seed), pr.GetValue(output)!.FullName);
                Console.WriteLine($"wrote {pr.GetValue(output)!.FullName}");
                return 0;
            }
            catch (Exception e) when (e is ArgumentException or IOException or InvalidDataException or FormatException)
            {
                return RunCommand.Fail(e.Message);
            }
        });
        return new Command("data", "data sets") { export };
    }
}
