using Orleans.Lse.Silo;
using Orleans.Lse.Silo.Benchmarks;

// One LSE silo, serving the dashboard, the REST API and /metrics (Lse:Dashboard, http://127.0.0.1:5080 by default). Configuration:
// appsettings.json, environment (Lse__Cluster__Mode=PostgreSql, ...), command line (--Lse:Cluster:SiloPort=11112). See
// deploy/ and the README. `lse-silo benchmark` measures a campaign through an in-process silo instead; `lse-silo
// dashboard` serves the dashboard as a client of a running cluster.
if (args is ["benchmark", .. var benchmarkArgs])
{
    return await ServiceBenchmark.Create().Parse(benchmarkArgs).InvokeAsync();
}

if (args is ["dashboard", .. var dashboardArgs])
{
    return await DashboardClientHost.RunAsync(dashboardArgs);
}

return await SiloHost.RunAsync(args);
