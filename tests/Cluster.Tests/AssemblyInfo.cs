// Each test starts several silo processes on a 2-core machine and shares the PostgreSQL server's connections: one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
