using Df2.Grains;
using Df2.Silo.Stores;

namespace Df2.Silo.Host;

/// <summary>
/// API role: HTTP JSON API over the store (the only writer), the dashboard, probes, and the lease
/// reaper. Options: --store (SQLite path or PostgreSQL DSN "Host=..."), --token, --urls,
/// --lease-seconds, --max-retries, --checkpoint-dir, --executor (validation of submitted specs).
/// </summary>
public static class ApiRole
{
    public static readonly IReadOnlySet<string> Options = new HashSet<string>
        { "store", "token", "urls", "lease-seconds", "max-retries", "checkpoint-dir", "executor" };

    public static async Task<int> RunAsync(SiloArgs a)
    {
        var settings = new ApiSettings(a.Require("token"), a.Int("lease-seconds", 30), a.Int("max-retries", 3),
            CellExecutors.ByName(a.Get("executor") ?? "learning"));
        var storeText = a.Require("store");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls(a.Get("urls") ?? "http://0.0.0.0:8080");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.NumberHandling =
            System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals);
        SqlClusterStore store;
        try { store = SqlClusterStore.Open(storeText, a.Get("checkpoint-dir")); }
        catch (Exception e) when (e is not ArgumentException)
        {
            Console.Error.WriteLine($"df2-silo api: cannot open the store: {e.Message}");
            return 3;
        }
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton(settings);
        builder.Services.AddHostedService<LeaseReaper>();
        var app = builder.Build();
        ApiEndpoints.Map(app, store, settings);
        Console.WriteLine($"df2-silo api: {store.Kind} store, lease {settings.LeaseSeconds}s, max retries {settings.MaxRetries}");
        await app.RunAsync();
        return 0;
    }
}

/// <summary>Settings the endpoints need.</summary>
public sealed record ApiSettings(string Token, int LeaseSeconds, int MaxRetries, ICellExecutor Validator);

/// <summary>Returns expired leases to pending once a second (also done before every lease).</summary>
public sealed class LeaseReaper(SqlClusterStore store) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try { store.RequeueExpired(); }
            catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
            {
                Console.Error.WriteLine($"lease reaper: {e.Message}");
            }
            try { await Task.Delay(1000, stop); } catch (OperationCanceledException) { }
        }
    }
}
