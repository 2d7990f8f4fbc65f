using System.CommandLine;
using Df2.Client;

// df2: run a sweep locally (embedded silo), export data, or drive a silo cluster.
var root = new RootCommand("df2 — train and compare decision-focused learning methods; run sweeps locally or on a silo cluster");
root.Subcommands.Add(RunCommand.Create());
root.Subcommands.Add(DataCommand.Create());
root.Subcommands.Add(ParamsCommand.Create());
foreach (var c in CatalogCommands.Create()) root.Subcommands.Add(c);
foreach (var c in ClusterCommands.Create()) root.Subcommands.Add(c);
return await root.Parse(args).InvokeAsync();
