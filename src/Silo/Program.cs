using Microsoft.Extensions.Hosting;
using Orleans.Lse.Grains.Hosting;

// One LSE silo. Configuration: appsettings.json, environment (Lse__Cluster__Mode=PostgreSql, ...), command line
// (--Lse:Cluster:SiloPort=11112). See deploy/ and the README.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.UseOrleans(silo => silo.AddLseSilo());
using var host = builder.Build();
await host.RunAsync();
