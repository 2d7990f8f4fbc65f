using System.Security.Cryptography;
using System.Text;
using Df2.GrainInterfaces;
using Df2.Grains;
using Df2.Silo.Stores;

namespace Df2.Silo.Host;

/// <summary>
/// Routes. Reads are open; every mutating route requires "Authorization: Bearer TOKEN".
/// Errors are one JSON object <c>{"error": "..."}</c>.
/// </summary>
public static class ApiEndpoints
{
    public static void Map(WebApplication app, SqlClusterStore store, ApiSettings s)
    {
        var tokenBytes = Encoding.UTF8.GetBytes(s.Token);
        bool Authorized(HttpContext ctx)
        {
            var h = ctx.Request.Headers.Authorization.ToString();
            return h.StartsWith("Bearer ", StringComparison.Ordinal) &&
                   CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(h["Bearer ".Length..].Trim()), tokenBytes);
        }
        IResult Err(int status, string message) => Results.Json(new { error = message }, statusCode: status);
        IResult Guard(HttpContext ctx, Func<IResult> body) =>
            Authorized(ctx) ? body() : Err(401, "missing or wrong bearer token");

        app.MapGet("/healthz", () => Results.Text("ok"));
        app.MapGet("/readyz", () =>
        {
            try { return store.Ping() ? Results.Text("ready") : Err(503, "store not answering"); }
            catch (Exception e) { return Err(503, $"store not ready: {e.Message}"); }
        });
        app.MapGet("/", () => Results.Stream(typeof(ApiEndpoints).Assembly.GetManifestResourceStream("dashboard.html")!, "text/html; charset=utf-8"));

        app.MapPost("/api/sweeps", (HttpContext ctx, SubmitRequest req) => Guard(ctx, () =>
        {
            try
            {
                var sweep = SweepSubmission.Prepare(req.SpecYaml ?? "", req.SourceName ?? "spec.yaml", s.Validator);
                var r = SweepSubmission.Submit(store, sweep, req.MaxRetries ?? s.MaxRetries);
                return Results.Json(r, statusCode: r.Existing ? 200 : 201);
            }
            catch (SweepSpecException e) { return Err(400, e.Message); }
        }));
        app.MapGet("/api/sweeps", () => Results.Json(store.Sweeps()));
        app.MapGet("/api/sweeps/{id}", (string id) => store.Sweeps().FirstOrDefault(x => x.SweepId == id) is { } sw
            ? Results.Json(sw) : Err(404, $"no sweep '{id}'"));
        app.MapGet("/api/sweeps/{id}/cells", (string id) => Results.Json(store.Cells(id)));
        app.MapGet("/api/sweeps/{id}/completions", (string id) => Results.Json(store.CompletionCounts(id)));
        app.MapGet("/api/sweeps/{id}/results.csv", (string id) => Results.Text(ResultsCsv.Render(store.Cells(id)), "text/csv"));
        app.MapGet("/api/sweeps/{id}/table", (string id, string? format) =>
        {
            TableFormat? f = (format ?? "md") switch { "md" or "markdown" => TableFormat.Markdown, "csv" => TableFormat.Csv, "latex" or "tex" => TableFormat.Latex, _ => null };
            if (f is null) return Err(400, $"format must be md, csv or latex, got '{format}'");
            var cells = store.Cells(id);
            return cells.Count == 0 ? Err(404, $"no sweep '{id}'") : Results.Text(new AggregatorGrain().Render(cells, f.Value));
        });
        app.MapPost("/api/sweeps/{id}/cancel", (HttpContext ctx, string id) => Guard(ctx, () =>
            store.Cancel(id) is var n && n < 0 ? Err(404, $"no sweep '{id}'") : Results.Json(new AckResponse(true, false, $"{n} cells cancelled"))));
        app.MapGet("/api/workers", () => Results.Json(store.Workers()));
        app.MapGet("/api/status", () => Results.Json(new DashboardStatus(store.Sweeps(),
            store.Cells(null, "running").Concat(store.Cells(null, "leased")).ToList(), store.Workers(), DateTimeOffset.UtcNow)));

        app.MapPost("/api/lease", (HttpContext ctx, LeaseRequest req) => Guard(ctx, () =>
            store.Lease(req, s.LeaseSeconds) is { } cell ? Results.Json(cell) : Results.NoContent()));
        app.MapPost("/api/heartbeat", (HttpContext ctx, HeartbeatRequest req) => Guard(ctx, () => Results.Json(store.Heartbeat(req, s.LeaseSeconds))));
        app.MapPost("/api/complete", (HttpContext ctx, CompleteRequest req) => Guard(ctx, () => Results.Json(store.Complete(req))));
        app.MapPost("/api/fail", (HttpContext ctx, FailRequest req) => Guard(ctx, () => Results.Json(store.Fail(req))));
        app.MapPost("/api/release", (HttpContext ctx, ReleaseRequest req) => Guard(ctx, () => Results.Json(store.Release(req))));
        app.MapPut("/api/cells/{id:long}/checkpoint", async (HttpContext ctx, long id, int attempt, int epoch) =>
        {
            if (!Authorized(ctx)) return Err(401, "missing or wrong bearer token");
            using var ms = new MemoryStream();
            await ctx.Request.Body.CopyToAsync(ms);
            return Results.Json(store.SaveCheckpoint(id, attempt, epoch, ms.ToArray()));
        });
        app.MapGet("/api/cells/{id:long}/checkpoint", (HttpContext ctx, long id, int attempt) => Guard(ctx, () =>
        {
            if (store.LoadCheckpoint(id) is not { } cp) return Err(404, "no checkpoint");
            ctx.Response.Headers["X-Checkpoint-Epoch"] = cp.Epoch.ToString();
            return Results.Bytes(cp.State, "application/octet-stream");
        }));
    }
}
