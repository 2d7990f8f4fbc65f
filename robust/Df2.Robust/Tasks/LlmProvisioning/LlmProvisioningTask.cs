using Df2.Learning.Plugins;

namespace Df2.Robust.Tasks.LlmProvisioning;

/// <summary>
/// LLM resource provisioning (3D-Learning): 7-step windows of context tokens, a closed-form provisioning decision from a
/// point forecast, and the training sequences as images for the diffusion adversary. It is not (yet) an
/// <see cref="Df2.Learning.Tasks.IDecisionTask"/>, so the DF2 family's methods do not fit it.
/// </summary>
public sealed class LlmProvisioningTask : ITaskPlugin
{
    public const string Key = "llm-provisioning";

    public static LlmProvisioningTask Instance { get; } = new();

    public string Name => Key;

    public string Description => "LLM resource provisioning (3D-Learning): context tokens per 5 s slot, 23V training, 7 test sets";

    public TaskOffer Offers => TaskOffer.Windows | TaskOffer.ClosedFormDecision | TaskOffer.SequenceImages;
}
