using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using Orleans.Lse.Client.Cluster;
using Orleans.Lse.Grains.Campaigns;
using Orleans.Lse.Grains.Compute;
using Orleans.Lse.Grains.Diagnostics;
using Orleans.Lse.Grains.Placement;
using Orleans.Lse.Grains.Storage;
using Orleans.Configuration;
using Orleans.Runtime;

namespace Orleans.Lse.Grains.Hosting;

/// <summary>Silo registration for the LSE service.</summary>
public static class LseSiloBuilderExtensions
{
    /// <summary>
    /// A complete LSE silo from configuration: clustering and storage for <see cref="LseClusterOptions.Mode"/>, compute
    /// placement, and the service (<see cref="AddLseServices"/>).
    /// </summary>
    public static ISiloBuilder AddLseSilo(this ISiloBuilder builder)
    {
        var cluster = builder.Configuration.GetSection(LseClusterOptions.Section).Get<LseClusterOptions>() ?? new LseClusterOptions();
        cluster.Validate();
        builder.UseLseClusterStorage(cluster);
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = cluster.ShutdownTimeout);

        // Orleans binds only some of its own section; failure detection is worth tuning per deployment.
        builder.Services.Configure<ClusterMembershipOptions>(builder.Configuration.GetSection("Orleans:ClusterMembership"));
        return builder.AddLseServices();
    }

    /// <summary>
    /// The service without clustering and storage (test clusters bring their own): options, the model library, the
    /// batching executor, instruments, compute placement, start-up recovery, and the console metrics exporter when
    /// <c>Lse:Telemetry:Console</c> is true.
    /// </summary>
    public static ISiloBuilder AddLseServices(this ISiloBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        AddOptions<LseClusterOptions>(services, configuration, LseClusterOptions.Section, o => o.Validate());
        AddOptions<ComputeOptions>(services, configuration, ComputeOptions.Section, o => o.Validate());
        AddOptions<CampaignOptions>(services, configuration, CampaignOptions.Section, o => o.Validate());
        services.AddMetrics();
        services.AddLseStorageExceptions();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<LseInstruments>();
        services.TryAddSingleton<DatasetPaths>();
        services.TryAddSingleton<ModelLibrary>();
        services.TryAddSingleton<ISearchCompute, EngineSearchCompute>();
        services.TryAddSingleton<SearchExecutor>();
        services.TryAddSingleton<IComputeView, ComputeView>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, CampaignRecovery>();
        builder.AddLseComputePlacement();
        if (configuration.GetValue<bool>("Lse:Telemetry:Console"))
        {
            services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(LseInstrumentNames.Meter).AddConsoleExporter());
        }

        return builder;
    }

    private static void AddOptions<TOptions>(IServiceCollection services, IConfiguration configuration, string section, Action<TOptions> validate)
        where TOptions : class
    {
        services.AddOptions<TOptions>().Bind(configuration.GetSection(section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TOptions>>(new OptionsCheck<TOptions>(validate));
    }
}
