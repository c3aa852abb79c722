// Silos, libtorch and the 2-core CI machine: tests run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
