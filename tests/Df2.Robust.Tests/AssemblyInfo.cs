// libtorch's thread count (and its default RNG, which some tests seed with torch.manual_seed) are process-global: tests that
// check seeded / resumed runs bit for bit must not run concurrently with other torch tests.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
