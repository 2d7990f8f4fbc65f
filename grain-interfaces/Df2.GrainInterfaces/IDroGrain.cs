namespace Df2.GrainInterfaces;

/// <summary>
/// 3D-Learning's DRO loop (one grain per run): round r = {adversary half, decision half}, each a resumable
/// step with its own checkpoint. Contract only: its implementation comes with 3D-Learning.
/// </summary>
public interface IDroGrain : IGrainWithStringKey
{
    /// <summary>The next half to run, or null when every round is finished.</summary>
    Task<DroStep?> NextStepAsync();

    Task StepFinishedAsync(DroStep step, CheckpointRef checkpoint);
}
