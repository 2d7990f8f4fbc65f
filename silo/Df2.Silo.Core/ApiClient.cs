using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Df2.GrainInterfaces;

namespace Df2.Silo;

/// <summary>Raised when the API answers with an error; the message is the API's one-line error.</summary>
public sealed class ApiException(HttpStatusCode status, string message) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;
}

/// <summary>
/// HTTP client of the silo API. Used by cluster workers (as their <see cref="ICellScheduler"/>: they
/// hold only the bearer token, never database credentials) and by the <c>df2</c> client commands.
/// </summary>
public sealed class ApiClient : ICellScheduler, IDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
    private readonly HttpClient _http;

    public ApiClient(string baseUrl, string? token, TimeSpan? timeout = null)
    {
        _http = new HttpClient { BaseAddress = new Uri(baseUrl.TrimEnd('/') + "/"), Timeout = timeout ?? TimeSpan.FromSeconds(30) };
        if (!string.IsNullOrEmpty(token)) _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    private static async Task<T> Parse<T>(HttpResponseMessage r, CancellationToken c)
    {
        if (!r.IsSuccessStatusCode) throw await Error(r, c);
        return (await r.Content.ReadFromJsonAsync<T>(Json, c))!;
    }

    private static async Task<ApiException> Error(HttpResponseMessage r, CancellationToken c)
    {
        var body = await r.Content.ReadAsStringAsync(c);
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.TryGetProperty("error", out var e)) body = e.GetString() ?? body;
        }
        catch (JsonException) { }
        return new ApiException(r.StatusCode, $"{(int)r.StatusCode} {r.ReasonPhrase}: {body}");
    }

    private async Task<T> Post<T>(string path, object body, CancellationToken c) =>
        await Parse<T>(await _http.PostAsJsonAsync(path, body, Json, c), c);

    private async Task<T> Get<T>(string path, CancellationToken c) => await Parse<T>(await _http.GetAsync(path, c), c);

    public async Task<string> GetText(string path, CancellationToken c = default)
    {
        var r = await _http.GetAsync(path, c);
        if (!r.IsSuccessStatusCode) throw await Error(r, c);
        return await r.Content.ReadAsStringAsync(c);
    }

    // Worker calls (ICellScheduler).
    public async Task<LeasedCell?> LeaseAsync(LeaseRequest request, CancellationToken cancel)
    {
        var r = await _http.PostAsJsonAsync("api/lease", request, Json, cancel);
        return r.StatusCode == HttpStatusCode.NoContent ? null : await Parse<LeasedCell>(r, cancel);
    }

    public Task<HeartbeatResponse> HeartbeatAsync(HeartbeatRequest request, CancellationToken cancel) =>
        Post<HeartbeatResponse>("api/heartbeat", request, cancel);

    public async Task<AckResponse> SaveCheckpointAsync(long cellId, int attempt, int epoch, byte[] state, CancellationToken cancel)
    {
        using var content = new ByteArrayContent(state);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return await Parse<AckResponse>(await _http.PutAsync($"api/cells/{cellId}/checkpoint?attempt={attempt}&epoch={epoch}", content, cancel), cancel);
    }

    public async Task<(int Epoch, byte[] State)?> LoadCheckpointAsync(long cellId, int attempt, CancellationToken cancel)
    {
        var r = await _http.GetAsync($"api/cells/{cellId}/checkpoint?attempt={attempt}", cancel);
        if (r.StatusCode == HttpStatusCode.NotFound) return null;
        if (!r.IsSuccessStatusCode) throw await Error(r, cancel);
        var epoch = int.Parse(r.Headers.GetValues("X-Checkpoint-Epoch").First());
        return (epoch, await r.Content.ReadAsByteArrayAsync(cancel));
    }

    public Task<AckResponse> CompleteAsync(CompleteRequest request, CancellationToken cancel) => Post<AckResponse>("api/complete", request, cancel);

    public Task<AckResponse> FailAsync(FailRequest request, CancellationToken cancel) => Post<AckResponse>("api/fail", request, cancel);

    public Task<AckResponse> ReleaseAsync(ReleaseRequest request, CancellationToken cancel) => Post<AckResponse>("api/release", request, cancel);

    // Client calls.
    public Task<SubmitResponse> SubmitAsync(SubmitRequest request, CancellationToken c = default) => Post<SubmitResponse>("api/sweeps", request, c);

    public Task<IReadOnlyList<SweepStatus>> SweepsAsync(CancellationToken c = default) => Get<IReadOnlyList<SweepStatus>>("api/sweeps", c);

    public Task<IReadOnlyList<CellView>> CellsAsync(string sweepId, CancellationToken c = default) =>
        Get<IReadOnlyList<CellView>>($"api/sweeps/{Uri.EscapeDataString(sweepId)}/cells", c);

    public Task<IReadOnlyList<WorkerView>> WorkersAsync(CancellationToken c = default) => Get<IReadOnlyList<WorkerView>>("api/workers", c);

    public Task<AckResponse> CancelAsync(string sweepId, CancellationToken c = default) =>
        Post<AckResponse>($"api/sweeps/{Uri.EscapeDataString(sweepId)}/cancel", new { }, c);

    public Task<string> TableAsync(string sweepId, string format, CancellationToken c = default) =>
        GetText($"api/sweeps/{Uri.EscapeDataString(sweepId)}/table?format={format}", c);

    public Task<IReadOnlyDictionary<string, int>> CompletionCountsAsync(string sweepId, CancellationToken c = default) =>
        Get<IReadOnlyDictionary<string, int>>($"api/sweeps/{Uri.EscapeDataString(sweepId)}/completions", c);

    public void Dispose() => _http.Dispose();
}
