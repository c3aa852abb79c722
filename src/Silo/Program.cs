using Microsoft.Extensions.Hosting;
using Orleans.Lse.Grains.Hosting;
using Orleans.Lse.Silo.Benchmarks;

// One LSE silo. Configuration: appsettings.json, environment (Lse__Cluster__Mode=PostgreSql, ...), command line
// (--Lse:Cluster:SiloPort=11112). See deploy/ and the README. `lse-silo benchmark` measures a campaign through an
// in-process silo instead.
if (args is ["benchmark", .. var benchmarkArgs])
{
    return await ServiceBenchmark.Create().Parse(benchmarkArgs).InvokeAsync();
}

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.UseOrleans(silo => silo.AddLseSilo());
using var host = builder.Build();
await host.RunAsync();
return 0;
