using System.CommandLine;
using Df2.Learning.Plugins;
using Df2.Robust;

namespace Df2.Client;

/// <summary>
/// <c>df2 methods</c> and <c>df2 tasks</c>: the plug-in catalog — each method with what it needs and the tasks it runs on,
/// each task with what it offers and the methods that run on it (the pairs are derived, never listed by hand).
/// </summary>
public static class CatalogCommands
{
    public static IEnumerable<Command> Create()
    {
        var methods = new Command("methods", "list every method: what it needs from a task and the tasks it runs on");
        methods.SetAction(_ => { Console.Write(Methods(Catalog.Default)); return 0; });
        var tasks = new Command("tasks", "list every task: what it offers and the methods that run on it");
        tasks.SetAction(_ => { Console.Write(Tasks(Catalog.Default)); return 0; });
        return [methods, tasks];
    }

    public static string Methods(PluginCatalog catalog)
    {
        var sb = new System.Text.StringBuilder();
        foreach (var name in catalog.MethodNames.Concat(catalog.DependencyNames))
        {
            var variants = catalog.Variants(name);
            var runsOn = catalog.Tasks.Where(t => variants.Any(v => PluginCatalog.Fits(v, t))).Select(t => t.Name);
            sb.AppendLine(variants[0].ProducesArtifact ? $"{name}  (dependency cell: the sweep adds it)" : name);
            foreach (var v in variants)
                sb.AppendLine($"    {v.Description}").AppendLine($"      needs: {string.Join(" or ", v.Needs.Select(PluginCatalog.Describe))}");
            sb.AppendLine($"    runs on: {string.Join(", ", runsOn)}");
        }
        return sb.ToString();
    }

    public static string Tasks(PluginCatalog catalog)
    {
        var sb = new System.Text.StringBuilder();
        foreach (var t in catalog.Tasks)
        {
            sb.AppendLine(t.Name).AppendLine($"    {t.Description}").AppendLine($"    offers: {PluginCatalog.Describe(t.Offers)}");
            sb.AppendLine($"    methods: {string.Join(", ", catalog.Pairs.Where(p => p.Task == t.Name).Select(p => p.Method))}");
        }
        return sb.ToString();
    }
}
