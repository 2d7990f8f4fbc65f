namespace Df2.Learning.Tasks.LlmProvisioning;

/// <summary>
/// The 3D-Learning evaluation protocol (spec "Where c comes from"): train on 23V (70/30 unshuffled,
/// the last 10 % of the training split held out for validation), test on 23V(Test), 23D, 23D24D,
/// 23D24V, 24D24V and on the recoverable halves "24V-half" / "24D-half" (never the paper's 24V / 24D).
/// Each file is capped at its first 100,000 rows and normalised by its own range; predictions and
/// targets are de-normalised with <see cref="Range23V"/>.
/// </summary>
public sealed class LlmProvisioningData
{
    public const string File23V = "AzureLLMInferenceTrace_2023_Conversation_compressed-5s.csv";
    public const string File23D = "AzureLLMInferenceTrace_2023_Coding_compressed-5s.csv";
    public const string File23D24D = "Combined_AzureLLMInferenceTrace_2023_Coding_2024_Coding_compressed-5s.csv";
    public const string File23D24V = "Combined_AzureLLMInferenceTrace_2023_Coding_2024_Conversation_compressed-5s.csv";
    public const string File24D24V = "Combined_AzureLLMInferenceTrace_2024_Coding_2024_Conversation_compressed-5s.csv";
    public const int RowCap = 100_000;
    /// <summary>Data row where the 2024 half starts in the 23D-based combined files (SOURCE.md).</summary>
    public const int HalfStart = 11_184;

    /// <summary>Test-set names in table order: the 5 public full sets, then the 2 recovered halves.</summary>
    public static readonly string[] FullTestSets = ["23V-test", "23D", "23D24D", "23D24V", "24D24V"];
    public static readonly string[] HalfTestSets = ["24V-half", "24D-half"];
    /// <summary>The set of the paper's Fig. 2 corruption test.</summary>
    public const string CorruptionTestSet = "23D24D";

    /// <summary>
    /// The protocol's averages from the per-set figures already in <paramref name="extra"/> (regret_{set}, regret_bw_{set}):
    /// regret_avg5 / regret_max5 over the 5 full sets, regret_avg7 over all 7, and the batch-wise averages; returns regret_avg5.
    /// </summary>
    public static double Summarise(Dictionary<string, double> extra)
    {
        double Mean(IEnumerable<string> names, string prefix) => names.Average(n => extra[prefix + n]);
        var all = FullTestSets.Concat(HalfTestSets).ToArray();
        extra["regret_avg5"] = Mean(FullTestSets, "regret_");
        extra["regret_max5"] = FullTestSets.Max(n => extra["regret_" + n]);
        extra["regret_avg7"] = Mean(all, "regret_");
        extra["regret_bw_avg5"] = Mean(FullTestSets, "regret_bw_");
        extra["regret_bw_avg7"] = Mean(all, "regret_bw_");
        return extra["regret_avg5"];
    }

    /// <summary>
    /// The Fig. 2 sets of a corruption list, in its order: the name each is scored under (23D24D_{kind}), the clean set it
    /// corrupts (<see cref="CorruptionTestSet"/>), and the corruption of that set's normalised sequences, drawn from the
    /// corruption's own stream (<see cref="TestCorruption.Stream"/>), so every method, seed and family sees the same data.
    /// </summary>
    public IEnumerable<(string Name, SequenceSet Set, Func<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor> Corrupt)> Corrupted(IReadOnlyList<TestCorruption> corruptions)
    {
        var set = Tests.Single(t => t.Name == CorruptionTestSet);
        for (var i = 0; i < corruptions.Count; i++)
        {
            var (c, stream) = (corruptions[i], i);
            yield return ($"{set.Name}_{c.Kind}", set, x =>
            {
                using var generator = TestCorruption.Stream(stream);
                return c.Apply(x, generator);
            });
        }
    }

    public required TokenRange Range23V { get; init; }
    public required SequenceSet Train { get; init; }
    public required SequenceSet Validation { get; init; }
    public required IReadOnlyList<SequenceSet> Tests { get; init; }

    public static LlmProvisioningData Load(string folder, int rowCap = RowCap)
    {
        string P(string f) => Path.Combine(folder, f);
        var v23 = LlmCsvReader.ReadContextTokens(P(File23V), 0, int.MaxValue);   // 23V's range is over the whole file
        var range23V = TokenRange.Of(v23, P(File23V));
        var all23V = SequenceSet.FromSeries("23V", v23, range23V);
        var trainEnd = (int)Math.Floor(0.7 * all23V.Count);                       // ⌊0.7·751⌋ = 525
        var fitEnd = (int)Math.Floor(0.9 * trainEnd);                             // last 10 % of the split → validation
        SequenceSet Capped(string name, string file, int skip)
        {
            var tokens = LlmCsvReader.ReadContextTokens(P(file), skip, rowCap);
            return SequenceSet.FromSeries(name, tokens, TokenRange.Of(tokens, P(file)));
        }
        return new LlmProvisioningData
        {
            Range23V = range23V,
            Train = all23V.Slice("23V-train", 0, fitEnd),
            Validation = all23V.Slice("23V-val", fitEnd, trainEnd - fitEnd),
            Tests =
            [
                all23V.Slice("23V-test", trainEnd, all23V.Count - trainEnd),
                Capped("23D", File23D, 0),
                Capped("23D24D", File23D24D, 0),
                Capped("23D24V", File23D24V, 0),
                Capped("24D24V", File24D24V, 0),
                Capped("24V-half", File23D24V, HalfStart),
                Capped("24D-half", File23D24D, HalfStart),
            ],
        };
    }

    /// <summary>
    /// The data folder: <paramref name="explicitFolder"/>, else $DF2_DATA/llm-provisioning/3dlearning-5s,
    /// else the first shared/data/llm-provisioning/3dlearning-5s found walking up from the working directory.
    /// </summary>
    public static string ResolveFolder(string? explicitFolder)
    {
        const string sub = "llm-provisioning/3dlearning-5s";
        if (!string.IsNullOrEmpty(explicitFolder))
        {
            foreach (var c in new[] { explicitFolder, Path.Combine(explicitFolder, sub) })
                if (File.Exists(Path.Combine(c, File23V))) return c;
            throw new DirectoryNotFoundException($"data_dir '{explicitFolder}' holds no {File23V} (nor under {sub})");
        }
        if (Environment.GetEnvironmentVariable("DF2_DATA") is { Length: > 0 } env && File.Exists(Path.Combine(env, sub, File23V)))
            return Path.Combine(env, sub);
        for (var d = new DirectoryInfo(Directory.GetCurrentDirectory()); d != null; d = d.Parent)
        {
            var c = Path.Combine(d.FullName, "shared", "data", sub);
            if (File.Exists(Path.Combine(c, File23V))) return c;
        }
        throw new DirectoryNotFoundException($"LLM provisioning data not found: set the cell parameter data_dir, or DF2_DATA, or run below a folder holding shared/data/{sub}");
    }
}
