using Df2.Learning.Methods;
using Df2.Learning.Plugins;
using Df2.Learning.Tasks;
using Df2.Robust.Methods;

namespace Df2.Robust;

/// <summary>
/// Every task and method of both papers, in one catalog: DF2's tasks (<see cref="TaskRegistry"/>) and llm-provisioning;
/// DF2's methods (<see cref="MethodRegistry"/>, trained by the one loop <see cref="Df2.Learning.Running.CellTrainer"/>) and
/// 3D-Learning's (persistence, dfl and its DRO and augmentation baselines, the DDPM check, 3D-L itself) with their two
/// dependency cells. The pairs that run are derived from what each method needs and each task offers.
/// </summary>
public static class Catalog
{
    public static PluginCatalog Default { get; } = new(
        TaskRegistry.All,
        [
            .. MethodRegistry.All,
            new PersistenceMethod(),
            .. FineTunedMethod.All,
            new DdpmCheckMethod(),
            new ThreeDLearningMethod(),
            new DflPredictorMethod(),
            new DdpmPretrainMethod(),
        ]);
}
