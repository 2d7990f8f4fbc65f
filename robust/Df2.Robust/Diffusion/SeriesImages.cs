using static TorchSharp.torch;

namespace Df2.Robust.Diffusion;

/// <summary>
/// Series ↔ images: one 1 × 28 × 28 image = 28 consecutive 28-slot sequences as rows (the authors' layout;
/// the last image wraps around to the first sequences). Image → sequences: the rows, row-major.
/// </summary>
public static class SeriesImages
{
    public const int Size = 28;

    public static Tensor ToImages(Tensor sequences)
    {
        var n = sequences.shape[0];
        var images = (n + Size - 1) / Size;
        var index = arange(images * Size, dtype: int64, device: sequences.device) % n;
        return sequences.index_select(0, index).reshape(images, 1, Size, Size);
    }

    public static Tensor ToSequences(Tensor images) => images.reshape(-1, Size);
}
