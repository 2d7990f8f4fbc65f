// Test classes run one after another: TorchSharp 0.107's scalar ops fail intermittently when another thread
// drives the GC (docs/reproduction.md, "Known hazard"), and several classes here train cells.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
