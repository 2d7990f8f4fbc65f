using Df2.Silo.Core;

namespace Df2.Cluster.Tests;

/// <summary>df2-silo's command line through Microsoft.Extensions.Configuration: spellings, bare switches, one error per bad value.</summary>
public class SiloHostOptionsTests
{
    [Fact]
    public void Flags_bind_in_both_spellings_and_bare_switches_are_true()
    {
        var o = SiloHostOptions.Load(["--devices", "cpu:2", "--silo-port", "11112", "--gateway-port=30001", "--http-port", "8081", "--cluster-id", "c1",
            "--token", "-secret=x", "--worker-stall-s", "60", "--kubernetes", "--insecure", "--state", "st"]);
        Assert.Equal("cpu:2", o.Devices);
        Assert.Equal(11112, o.SiloPort);
        Assert.Equal(30001, o.GatewayPort);
        Assert.Equal(8081, o.HttpPort);
        Assert.Equal("-secret=x", o.Token);   // a value that starts with '-' or holds '=' stays the value
        Assert.True(o.Kubernetes);
        Assert.True(o.Insecure);
        var s = o.Settings();
        Assert.Equal(["cpu", "cpu"], s.Devices);
        Assert.Equal("c1", s.ClusterId);
        Assert.Equal(60, s.WorkerStallSeconds);
        Assert.Equal(Path.Combine("st", "checkpoints"), s.CheckpointFolder);
        Assert.Equal("UseDevelopmentStorage=true", SiloHostOptions.Load(["--storage", "UseDevelopmentStorage=true", "--insecure"]).Storage);
    }

    [Theory]
    [InlineData(new[] { "--bogus", "1" }, "unknown option '--bogus' (known: --storage,")]
    [InlineData(new[] { "devices" }, "unknown option 'devices'")]
    [InlineData(new[] { "--devices" }, "option '--devices' needs a value")]
    [InlineData(new[] { "--silo-port", "x" }, "--silo-port (env DF2_SILO_PORT) must be a non-negative integer, got 'x'")]
    [InlineData(new[] { "--backstop-s=-1" }, "--backstop-s (env DF2_BACKSTOP_S) must be a non-negative integer, got '-1'")]
    [InlineData(new[] { "--probe-timeout-ms", "50" }, "--probe-timeout-ms (env DF2_PROBE_TIMEOUT_MS) must be at least 100, got 50")]
    [InlineData(new[] { "--missed-probes", "0" }, "--missed-probes (env DF2_MISSED_PROBES) must be at least 1, got 0")]
    [InlineData(new[] { "--insecure=yes" }, "--insecure (env DF2_INSECURE) must be 1 or true")]
    public void A_bad_command_line_is_one_error_naming_the_option(string[] args, string message)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => SiloHostOptions.Load(args));
        Assert.StartsWith(message, e.Message);
    }

    [Fact]
    public void Membership_timing_is_bound_into_the_cluster_settings()
    {
        var s = SiloHostOptions.Load(["--probe-timeout-ms", "2500", "--missed-probes=3"]).Settings();
        Assert.Equal(TimeSpan.FromMilliseconds(2500), s.ProbeTimeout);
        Assert.Equal(3, s.MissedProbes);
        var d = SiloHostOptions.Load([]).Settings();
        Assert.Equal((TimeSpan.FromMilliseconds(ClusterSettings.DefaultProbeTimeoutMs), ClusterSettings.DefaultMissedProbes), (d.ProbeTimeout, d.MissedProbes));
    }

    [Fact]
    public void Every_option_has_its_DF2_variable() =>
        Assert.All(SiloHostOptions.Known.Concat(SiloHostOptions.Switches), k => Assert.Equal("DF2_" + k.ToUpperInvariant().Replace('-', '_'), SiloHostOptions.EnvName(k)));
}
