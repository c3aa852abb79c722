using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Lse.Client.Cluster;
using Orleans.Runtime;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.Storage;

namespace Orleans.Lse.Grains.Storage;

/// <summary>Clustering, grain storage and reminders for <see cref="LseClusterOptions.Mode"/>.</summary>
public static class StorageHostingExtensions
{
    /// <summary>The ADO.NET provider under <see cref="OneWriterGrainStorage"/> in SQLite mode; rows keep the grains' own names.</summary>
    private const string SqliteStorageName = "lse-sqlite";

    /// <summary>
    /// Localhost: localhost clustering on <see cref="LseClusterOptions.SiloPort"/>/<see cref="LseClusterOptions.GatewayPort"/>,
    /// grain storage <see cref="LseStorage.ProviderName"/> and reminders in the SQLite file
    /// <see cref="LseClusterOptions.ResolvedSqlitePath"/>. PostgreSql: ADO.NET clustering, grain storage and reminders
    /// in <see cref="LseClusterOptions.PostgresConnectionString"/>, listening on all addresses and advertising this
    /// host's address. Mutual TLS between silos and clients when the options name certificates (required in PostgreSql
    /// mode). Either way the database is set up (<see cref="StorageSchemaInstaller"/>) when the silo starts.
    /// </summary>
    public static ISiloBuilder UseLseClusterStorage(this ISiloBuilder builder, LseClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        string invariant, connectionString;
        if (options.Mode == ClusterMode.PostgreSql)
        {
            (invariant, connectionString) = (LseStorage.PostgresInvariant, options.PostgresConnectionString!);
            builder.Configure<ClusterOptions>(cluster =>
            {
                cluster.ClusterId = options.ClusterId;
                cluster.ServiceId = options.ServiceId;
            });
            if (options.AdvertisedAddress is { Length: > 0 } advertised)
            {
                builder.ConfigureEndpoints(System.Net.IPAddress.Parse(advertised), options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: true);
            }
            else
            {
                builder.ConfigureEndpoints(options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: true);
            }

            builder.UseAdoNetClustering(clustering =>
            {
                clustering.Invariant = invariant;
                clustering.ConnectionString = connectionString;
            });
        }
        else
        {
            (invariant, connectionString) = (LseStorage.SqliteInvariant, LseStorage.SqliteConnectionString(options.ResolvedSqlitePath));
            builder.UseLocalhostClustering(options.SiloPort, options.GatewayPort, serviceId: options.ServiceId, clusterId: options.ClusterId);
        }

        if (options.TlsEnabled)
        {
            var certificates = ClusterCertificates.Load(options);
            builder.UseTls(certificates.Own, certificates.Configure);
        }

        bool sqlite = options.Mode != ClusterMode.PostgreSql;
        string adoNetName = sqlite ? SqliteStorageName : LseStorage.ProviderName;
        builder.AddAdoNetGrainStorage(adoNetName, storage => storage.Configure<Serializer>((o, serializer) =>
        {
            o.Invariant = invariant;
            o.ConnectionString = connectionString;
            // Pinned rather than left to Orleans' default (which has changed between major versions): the Orleans
            // serializer reads state types by their [GenerateSerializer] field [Id]s and [Alias]es, so stored states
            // survive renamed members, added fields and new Orleans versions.
            o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
        }));
        if (sqlite)
        {
            // The grains' provider is the SQLite one with its writes queued in this process (see OneWriterGrainStorage).
            builder.Services.AddGrainStorage(LseStorage.ProviderName, (services, _) => new OneWriterGrainStorage(services.GetRequiredKeyedService<IGrainStorage>(SqliteStorageName)));
        }

        builder.UseAdoNetReminderService(reminders =>
        {
            reminders.Invariant = invariant;
            reminders.ConnectionString = connectionString;
        });
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(services =>
            new StorageSchemaStartup(options, services.GetRequiredService<ILogger<StorageSchemaInstaller>>()));
        return builder;
    }
}
