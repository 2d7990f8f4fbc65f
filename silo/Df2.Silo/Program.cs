using OpenTelemetry.Metrics;
using Orleans.Dashboard;
using Df2.Silo;
using Df2.Silo.Core;

// df2-silo: one Orleans silo of the df2 cluster (grains, worker slots for its devices, dashboard + sweep pages).
try
{
    var options = SiloHostOptions.Load(args);   // DF2_* environment, then the command line
    var settings = options.Settings();
    Df2.Grains.CellExecutors.ByName(settings.Executor); // an unknown name fails here, before the silo starts
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
    var httpHost = options.HttpBindHost(settings);
    builder.WebHost.UseUrls($"http://{httpHost}:{options.HttpPort}");
    LogFilters.TimestampedConsole(LogFilters.Apply(builder.Logging));
    builder.UseOrleans(silo =>
    {
        SiloSetup.Configure(silo, settings);
        if (options.Kubernetes) silo.UseKubernetesHosting();
        silo.AddDashboard();
    });
    builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(60));
    // Prometheus scrape endpoint /metrics: our meter (cells by state, epochs, checkpoints, hand-outs, failures, slots),
    // Orleans' (grain calls, activations, membership, messaging) and .NET's (GC, thread pool, memory).
    builder.Services.AddOpenTelemetry().WithMetrics(m => m
        .AddMeter(Df2.Grains.Df2Metrics.MeterName, "Microsoft.Orleans", "System.Runtime")
        .AddPrometheusExporter());
    GpuMemory.Register(settings.Devices);   // df2_gpu_memory_bytes when this silo has CUDA slots
    var app = builder.Build();
    app.MapOrleansDashboard("/dashboard");
    app.MapPrometheusScrapingEndpoint("/metrics");
    SweepPages.Map(app, options.Token);
    Console.WriteLine($"df2-silo: http {httpHost}:{options.HttpPort}; {(settings.UsesAzure ? "Azure Storage" : $"localhost, state in {Path.GetFullPath(settings.StateFolder)}")}; " +
                      $"slots {string.Join(",", settings.Devices)}; silo {settings.SiloPort}, gateway {settings.GatewayPort}; {(settings.Tls is null ? "no TLS" : "mutual TLS")}");
    await app.RunAsync();
    return 0;
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"df2-silo: {e.Message}");
    return 2;
}
