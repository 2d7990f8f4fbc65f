// libtorch's default RNG (dropout, torch.manual_seed) and its thread count are process-global: tests that
// check seeded / resumed runs bit for bit must not run concurrently with other torch tests.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
