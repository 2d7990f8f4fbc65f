namespace Df2.Robust.Diffusion;

/// <summary>
/// UNet size. Paper (authors' code): ch 128, ch_mult [1,2,2,2], attention at level 1 (and in the first
/// middle block), 2 res blocks per level down (3 up), dropout 0.1, GroupNorm(32), GELU, time embedding
/// ch → 4·ch → 4·ch; 35,741,697 parameters for one channel.
/// </summary>
public sealed record UNetConfig(int Channels, int[] ChannelMult, int[] AttentionLevels, int ResBlocks, double Dropout, int Groups)
{
    public static UNetConfig Paper => new(128, [1, 2, 2, 2], [1], 2, 0.1, 32);

    /// <summary>Parses "ch=32,mult=1-2-2,attn=1,res=1,dropout=0.1,groups=8" (missing keys keep the paper's values).</summary>
    public static UNetConfig Parse(string text)
    {
        var c = Paper;
        if (text is "paper" or "") return c;
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = part.Split('=', 2);
            if (kv.Length != 2) throw new ArgumentException($"unet '{text}': '{part}' is not key=value");
            int[] Ints(string v) => v.Length == 0 || v == "none" ? [] : v.Split('-').Select(int.Parse).ToArray();
            c = kv[0].Trim() switch
            {
                "ch" => c with { Channels = int.Parse(kv[1]) },
                "mult" => c with { ChannelMult = Ints(kv[1]) },
                "attn" => c with { AttentionLevels = Ints(kv[1]) },
                "res" => c with { ResBlocks = int.Parse(kv[1]) },
                "dropout" => c with { Dropout = double.Parse(kv[1], System.Globalization.CultureInfo.InvariantCulture) },
                "groups" => c with { Groups = int.Parse(kv[1]) },
                _ => throw new ArgumentException($"unet '{text}': unknown key '{kv[0]}' (ch, mult, attn, res, dropout, groups)"),
            };
        }
        foreach (var m in c.ChannelMult)
            if (c.Channels * m % c.Groups != 0) throw new ArgumentException($"unet '{text}': {c.Channels * m} channels not divisible into {c.Groups} groups");
        return c;
    }

    public override string ToString() =>
        $"ch={Channels},mult={string.Join('-', ChannelMult)},attn={(AttentionLevels.Length == 0 ? "none" : string.Join('-', AttentionLevels))},res={ResBlocks},dropout={Dropout.ToString(System.Globalization.CultureInfo.InvariantCulture)},groups={Groups}";
}
