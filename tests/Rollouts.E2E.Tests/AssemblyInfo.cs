// The end-to-end tests each start a whole local environment (control plane, node agent, Prometheus, operator,
// traffic); two at once on a small machine would skew the latency scenarios. One class at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
