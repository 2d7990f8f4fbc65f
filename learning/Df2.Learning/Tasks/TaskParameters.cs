namespace Df2.Learning.Tasks;

/// <summary>Parameters that several tasks' settings records declare alike.</summary>
public static class TaskParameters
{
    public static readonly ParameterSpec DataDir = ParameterSpec.Text("data_dir", "", null,
        "data folder (default: $DF2_DATA, else a shared/data folder above the working or the program's folder)");

    public static readonly ParameterSpec Fused = ParameterSpec.Int("fused", 1, 0, 1,
        "1 = DF2's eq. 4 by the fused WeightedSeparableCost kernel (float32 on the CPU), 0 = plain libtorch broadcasting; same model, same numbers up to float rounding");

    public static readonly ParameterSpec Stride = ParameterSpec.Int("stride", 1, 1, 10_000, "hours/days between window origins");
}
