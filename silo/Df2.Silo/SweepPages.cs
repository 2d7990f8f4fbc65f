using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using Df2.GrainInterfaces;
using Df2.Grains;

namespace Df2.Silo;

/// <summary>
/// Our sweep pages next to the Orleans Dashboard (/dashboard): "/" lists sweeps and workers, "/sweeps/{id}" shows
/// live cell progress, per-cell training curves and the regret table with confidence intervals, all from the
/// JSON routes below. Reads are open; the one mutating route (cancel) needs "Authorization: Bearer TOKEN" and is
/// refused when the silo has no token. The token never appears in a URL or a log line.
/// </summary>
public static class SweepPages
{
    public static void Map(WebApplication app, string? token)
    {
        app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>()
            .Value.SerializerOptions.NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals;
        var grains = app.Services.GetRequiredService<IGrainFactory>();
        var index = grains.GetGrain<IClusterIndexGrain>(0);
        IResult Err(int status, string message) => Results.Json(new { error = message }, statusCode: status);

        // Every /api answer is JSON: a grain or storage failure (or a grain call past ApiTimeout) becomes 503 with its
        // message, anything else 500; never an empty body.
        app.Use(async (ctx, next) =>
        {
            if (!ctx.Request.Path.StartsWithSegments("/api")) { await next(ctx); return; }
            try { await next(ctx); }
            catch (Exception e) when (!ctx.Response.HasStarted)
            {
                bool cluster = e is OrleansException or TimeoutException or Azure.RequestFailedException;
                ctx.Response.StatusCode = cluster ? 503 : 500;
                await ctx.Response.WriteAsJsonAsync(new { error = $"{(cluster ? "the cluster could not answer" : "internal error")}: {e.GetType().Name}: {e.Message}" });
            }
        });

        app.MapGet("/healthz", () => Results.Text("ok"));
        app.MapGet("/readyz", async () =>
        {
            try { await index.SweepsAsync().WaitAsync(TimeSpan.FromSeconds(5)); return Results.Text("ready"); }
            catch (Exception e) when (e is OrleansException or TimeoutException) { return Err(503, $"cluster not ready: {e.Message}"); }
        });
        app.MapGet("/", () => Page("index.html"));
        app.MapGet("/sweeps/{id}", (string id) => Page("sweep.html"));

        app.MapGet("/api/sweeps", async () =>
        {
            // One unreadable sweep does not break the list: it is listed with state "unreachable" and its error.
            var list = new List<object>();
            foreach (var id in await index.SweepsAsync().WaitAsync(ApiTimeout))
            {
                try
                {
                    if (await grains.GetGrain<ISweepGrain>(id).StatusAsync().WaitAsync(ApiTimeout) is { } s) list.Add(s);
                }
                catch (Exception e) when (e is OrleansException or TimeoutException or Azure.RequestFailedException)
                {
                    list.Add(new { sweepId = id, state = "unreachable", error = $"{e.GetType().Name}: {e.Message}", total = 0, finished = 0 });
                }
            }
            return Results.Json(list);
        });
        app.MapGet("/api/sweeps/{id}", async (string id) =>
            await grains.GetGrain<ISweepGrain>(id).StatusAsync() is { } s ? Results.Json(s) : Err(404, $"no sweep '{id}'"));
        app.MapGet("/api/workers", async () => Results.Json(await index.WorkersAsync()));
        // One page of cells (a JSON array; page from 0, size up to CellQuery.MaxSize, optional status, task, method filters);
        // the headers say how many cells match (X-Total-Count) and in how many pages (X-Pages).
        app.MapGet("/api/sweeps/{id}/cells", async (HttpContext ctx, string id, int? page, int? size, string? status, string? task, string? method) =>
        {
            CellStatus? s = null;
            if (status is { Length: > 0 })
            {
                if (!Enum.TryParse<CellStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
                    return Err(400, $"status must be pending, running, done, failed or cancelled, got '{status}'");
                s = parsed;
            }
            if (page < 0 || size is < 1 or > CellQuery.MaxSize) return Err(400, $"page must be ≥ 0 and size 1 to {CellQuery.MaxSize}");
            var sweep = grains.GetGrain<ISweepGrain>(id);
            if (await sweep.StatusAsync() is null) return Err(404, $"no sweep '{id}'");
            var p = await sweep.CellsAsync(new CellQuery(page ?? 0, size ?? CellQuery.DefaultSize, s, task, method));
            ctx.Response.Headers["X-Total-Count"] = p.Matching.ToString(System.Globalization.CultureInfo.InvariantCulture);
            ctx.Response.Headers["X-Pages"] = p.Pages.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Results.Json(p.Cells);
        });
        app.MapGet("/api/sweeps/{id}/summary", async (string id) =>
            await grains.GetGrain<ISweepGrain>(id).StatusAsync() is null ? Err(404, $"no sweep '{id}'")
                : Results.Json(RegretTable.Summarise(await grains.GetGrain<ISweepGrain>(id).RegretGroupsAsync())));
        app.MapGet("/api/sweeps/{id}/table", async (string id, string? format) =>
        {
            TableFormat? f = (format ?? "md") switch { "md" => TableFormat.Markdown, "csv" => TableFormat.Csv, "latex" => TableFormat.Latex, "svg" => TableFormat.Svg, _ => null };
            if (f is null) return Err(400, $"format must be md, csv, latex or svg, got '{format}'");
            var sweep = grains.GetGrain<ISweepGrain>(id);
            if (await sweep.StatusAsync() is null) return Err(404, $"no sweep '{id}'");
            var text = await sweep.TableAsync(f.Value);
            return f == TableFormat.Svg ? Results.Text(text, "image/svg+xml; charset=utf-8") : Results.Text(text);
        });
        app.MapPost("/api/sweeps/{id}/cancel", async (HttpContext ctx, string id) =>
        {
            if (token is not { Length: > 0 }) return Err(403, "mutating routes are disabled: the silo has no token (DF2_TOKEN)");
            if (!Authorized(ctx, token)) return Err(401, "missing or wrong bearer token");
            var n = await grains.GetGrain<ISweepGrain>(id).CancelAsync($"HTTP cancel from {ctx.Connection.RemoteIpAddress}");
            return n < 0 ? Err(404, $"no sweep '{id}'") : Results.Json(new { cancelled = n });
        });
    }

    /// <summary>How long an API route waits for a grain before it answers 503.</summary>
    private static readonly TimeSpan ApiTimeout = TimeSpan.FromSeconds(10);

    private static bool Authorized(HttpContext ctx, string token)
    {
        var h = ctx.Request.Headers.Authorization.ToString();
        return h.StartsWith("Bearer ", StringComparison.Ordinal) &&
               CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(h["Bearer ".Length..].Trim()), Encoding.UTF8.GetBytes(token));
    }

    private static IResult Page(string name) =>
        Results.Stream(typeof(SweepPages).Assembly.GetManifestResourceStream(name)!, "text/html; charset=utf-8");
}
