namespace Df2.Grains;

/// <summary>The one grain storage provider and the state names the grains persist under.</summary>
public static class StorageNames
{
    /// <summary>Grain storage provider: Azure Table, a local folder, or memory (tests).</summary>
    public const string Store = "df2";

    public const string Sweep = "sweep";

    public const string Cell = "cell";

    public const string Index = "index";

    public const string Dro = "dro";

    /// <summary>Cell grain key: "{sweep id}|{cell key}".</summary>
    public static string CellGrainKey(string sweepId, string cellKey) => $"{sweepId}|{cellKey}";
}
