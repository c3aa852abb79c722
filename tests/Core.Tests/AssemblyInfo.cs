// libtorch's random generator is process-wide: tests that seed it must not interleave with tests that train.
// Serial runs also keep the 2-core CI machine from oversubscribing its cores.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
