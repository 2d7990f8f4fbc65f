// Issue 13 (Table 2 fidelity) probes: measurements that need no training and test a reading of the paper.
//   dotnet run -c Release --project bench/Df2.Fidelity -- vaccine [--windows N]   SEIRV degeneracy and eq. 14 read literally
//   dotnet run -c Release --project bench/Df2.Fidelity -- wind                    wind regrets of reference policies per reading
// Data come from ../shared/data (found by walking up, or DF2_DATA); output is Markdown on stdout.
using Df2.Fidelity;
using Df2.Learning.Data.RealWorld;

var root = DataRoot.Resolve(null);
switch (args.FirstOrDefault())
{
    case "vaccine":
        int windows = args.Length >= 3 && args[1] == "--windows" ? int.Parse(args[2]) : 0;
        VaccineProbe.Run(root, windows, Console.Out);
        break;
    case "wind":
        WindReadings.Run(root, Console.Out);
        break;
    default:
        Console.Error.WriteLine("usage: Df2.Fidelity vaccine [--windows N] | wind");
        Environment.Exit(2);
        break;
}
