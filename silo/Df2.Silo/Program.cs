using Orleans.Dashboard;
using Df2.Silo;
using Df2.Silo.Host;

// df2-silo: one Orleans silo of the df2 cluster (grains, worker slots for its devices, dashboard + sweep pages).
try
{
    var a = new SiloArgs(args);
    var settings = a.Settings();
    Df2.Grains.CellExecutors.ByName(settings.Executor); // an unknown name fails here, before the silo starts
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
    builder.WebHost.UseUrls($"http://0.0.0.0:{a.Int("http-port", 8080)}");
    LogFilters.Apply(builder.Logging);
    builder.UseOrleans(silo =>
    {
        SiloSetup.Configure(silo, settings);
        if (a.Kubernetes) silo.UseKubernetesHosting();
        silo.AddDashboard();
    });
    builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(60));
    var app = builder.Build();
    app.MapOrleansDashboard("/dashboard");
    SweepPages.Map(app, a.Get("token"));
    Console.WriteLine($"df2-silo: {(settings.UsesAzure ? "Azure Storage" : $"localhost, state in {Path.GetFullPath(settings.StateFolder)}")}; " +
                      $"slots {string.Join(",", settings.Devices)}; silo {settings.SiloPort}, gateway {settings.GatewayPort}");
    await app.RunAsync();
    return 0;
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"df2-silo: {e.Message}");
    return 2;
}
