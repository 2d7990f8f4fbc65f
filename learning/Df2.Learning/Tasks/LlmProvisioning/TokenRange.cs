namespace Df2.Learning.Tasks.LlmProvisioning;

/// <summary>Min–max range of a file's ContextTokens: the normalisation x = (c − Min) / (Max − Min).</summary>
public sealed record TokenRange(double Min, double Max)
{
    public double Span => Max - Min;

    public static TokenRange Of(IReadOnlyList<double> values, string source)
    {
        var range = new TokenRange(values.Min(), values.Max());
        if (!(range.Span > 0)) throw new InvalidDataException($"{source}: ContextTokens are constant ({range.Min}); cannot min-max normalise");
        return range;
    }

    public float Normalise(double tokens) => (float)((tokens - Min) / Span);

    /// <summary>A normalised value back to tokens with this range.</summary>
    public double ToTokens(double normalised) => normalised * Span + Min;

    /// <summary>Normalised values back to tokens with this range (the protocol uses 23V's range for every file).</summary>
    public TorchSharp.torch.Tensor ToTokens(TorchSharp.torch.Tensor normalised) => normalised * Span + Min;
}
