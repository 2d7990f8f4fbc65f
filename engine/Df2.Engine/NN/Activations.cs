namespace Df2.Engine.NN;

/// <summary>max(x, 0).</summary>
public sealed class ReLU : Module { public override Tensor Forward(Tensor x) => x.Relu(); }

/// <summary>tanh x.</summary>
public sealed class Tanh : Module { public override Tensor Forward(Tensor x) => x.Tanh(); }

/// <summary>x·Φ(x) (exact).</summary>
public sealed class GELU : Module { public override Tensor Forward(Tensor x) => x.Gelu(); }

/// <summary>σ(x).</summary>
public sealed class Sigmoid : Module { public override Tensor Forward(Tensor x) => x.Sigmoid(); }

/// <summary>ln(1 + eˣ).</summary>
public sealed class Softplus : Module { public override Tensor Forward(Tensor x) => x.Softplus(); }
