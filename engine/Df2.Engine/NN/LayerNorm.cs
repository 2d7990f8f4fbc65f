namespace Df2.Engine.NN;

/// <summary>
/// Layer normalisation over the last dim: y = (x − μ)/√(σ² + ε)·γ + β, σ² the biased variance
/// (torch.nn.LayerNorm, ε = 1e-5, γ = 1, β = 0 at init). Built from primitive ops.
/// </summary>
public sealed class LayerNorm : Module
{
    public LayerNorm(int dim, float eps = 1e-5f)
    {
        Dim = dim; Eps = eps;
        Weight = Register("weight", Tensor.Ones(dim));
        Bias = Register("bias", Tensor.Zeros(dim));
    }

    public int Dim { get; }
    public float Eps { get; }
    public Tensor Weight { get; }
    public Tensor Bias { get; }

    public override Tensor Forward(Tensor x)
    {
        if (x.Shape[^1] != Dim) throw new ArgumentException($"LayerNorm({Dim}): input last dim is {x.Shape[^1]}.");
        var mu = x.Mean(-1, true);
        var xc = x.Sub(mu);
        var var_ = xc.Mul(xc).Mean(-1, true);
        return xc.Div(var_.Add(Eps).Sqrt()).Mul(Weight).Add(Bias);
    }
}
