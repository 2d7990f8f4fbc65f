using Df2.Learning.Plugins;
using Df2.Learning.Running;
using Df2.Learning.Tasks;
using Df2.Robust.Diffusion;

namespace Df2.Robust.Tests;

/// <summary>
/// The settings records of every task and method in the catalog (parameterised over its pairs, so a new plug-in is
/// covered): a cell accepts its records' keys, ignores the keys only other methods declare, refuses another task's key,
/// and a record's own check names its key.
/// </summary>
public sealed class SettingsRecordTests
{
    public static TheoryData<string, string> Pairs()
    {
        var data = new TheoryData<string, string>();
        foreach (var (method, task) in Catalog.Default.Pairs) data.Add(method, task);
        foreach (var name in Catalog.Default.DependencyNames)
            foreach (var t in Catalog.Default.Tasks.Where(t => Catalog.Default.Variants(name).Any(v => PluginCatalog.Fits(v, t)))) data.Add(name, t.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void A_cell_validates_with_its_defaults_and_ignores_every_key_only_other_methods_read(string method, string task)
    {
        var catalog = Catalog.Default;
        var plugin = catalog.MethodFor(new CellRequest(task, method, new Dictionary<string, string>(), 0, 0));
        var own = catalog.Task(task).Settings.Concat(plugin.Settings).SelectMany(g => g.Specs).Select(s => s.Key).ToHashSet();
        // every other method's key with a value no spec accepts: the cell must not see it
        var foreign = catalog.Methods.SelectMany(m => m.Settings).SelectMany(g => g.Specs).Select(s => s.Key).Where(k => !own.Contains(k))
            .Distinct().ToDictionary(k => k, _ => "not a value");
        Assert.All(plugin.Settings.SelectMany(g => g.Specs), s => Assert.False(string.IsNullOrWhiteSpace(s.Description)));
        catalog.Validate(new CellRequest(task, method, new Dictionary<string, string>(), 0, 0));
        catalog.Validate(new CellRequest(task, method, foreign, 0, 0));
        // its own keys are read: a malformed value of each is one error naming that key
        foreach (var spec in plugin.Settings.SelectMany(g => g.Specs).Where(s => s.Kind != ParameterKind.Text || s.Allowed is not null))
        {
            var e = Assert.ThrowsAny<ArgumentException>(() => catalog.Validate(new CellRequest(task, method, new Dictionary<string, string> { [spec.Key] = "not a value" }, 0, 0)));
            Assert.Equal(spec.Key, Assert.IsType<ParameterException>(e).Key);
        }
    }

    [Fact]
    public void Another_tasks_key_and_an_unknown_key_are_refused_by_name()
    {
        var n = Assert.IsType<ParameterException>(Assert.ThrowsAny<ArgumentException>(() =>
            Catalog.Default.Validate(new CellRequest("llm-provisioning", "3dl", new Dictionary<string, string> { ["n"] = "500" }, 0, 0))));
        Assert.Equal("n", n.Key);
        Assert.Contains("belongs to task synthetic-convex", n.Message);
        var bogus = Assert.IsType<ParameterException>(Assert.ThrowsAny<ArgumentException>(() =>
            Catalog.Default.Validate(new CellRequest("wind", "two-stage-pe", new Dictionary<string, string> { ["bogus"] = "1" }, 0, 0))));
        Assert.StartsWith("parameter 'bogus' is not known to task 'wind' / method 'two-stage-pe'; known: ", bogus.Message);
    }

    [Fact]
    public void A_record_check_that_joins_keys_names_its_key()
    {
        var unet = Assert.IsType<ParameterException>(Assert.ThrowsAny<ArgumentException>(() =>
            Catalog.Default.Validate(new CellRequest("llm-provisioning", "ddpm", new Dictionary<string, string> { ["unet"] = "ch=x" }, 0, 0))));
        Assert.Equal("unet", unet.Key);
        var cap = Assert.IsType<ParameterException>(Assert.ThrowsAny<ArgumentException>(() => Catalog.Default.Validate(new CellRequest("llm-provisioning", "ddpm",
            new Dictionary<string, string> { ["ddpm_iters"] = "100", ["ddpm_extend"] = "50", ["ddpm_max_iters"] = "60" }, 0, 0))));
        Assert.Equal("ddpm_max_iters", cap.Key);
        var tPrime = Assert.IsType<ParameterException>(Assert.ThrowsAny<ArgumentException>(() => Catalog.Default.Validate(new CellRequest("llm-provisioning", "3dl",
            new Dictionary<string, string> { ["diffusion_steps"] = "10", ["t_prime"] = "10" }, 0, 0))));
        Assert.Equal("t_prime", tPrime.Key);
    }

    [Fact]
    public void A_cell_reads_only_the_records_it_declares()
    {
        var s = new CellSettings("llm-provisioning", "ddpm", [DdpmSettings.Group], new Dictionary<string, string>(), 0, 0);
        Assert.Equal(500, s.Get<DdpmSettings>().Steps);
        Assert.Throws<InvalidOperationException>(() => s.Get<Df2.Robust.Adversary.AdversarySettings>());
        Assert.Throws<InvalidOperationException>(() => s.Int("adv_lr"));
    }
}
