using Orleans.Configuration;
using Orleans.Hosting;

namespace Orleans.Lse.Client.Cluster;

/// <summary>Client registration for the LSE service.</summary>
public static class LseClientBuilderExtensions
{
    /// <summary>Orleans' ADO.NET invariant for PostgreSQL (<c>Npgsql.NpgsqlFactory</c>).</summary>
    public const string PostgresInvariant = "Npgsql";

    /// <summary>
    /// A client of the cluster the silos form with the same <paramref name="options"/>: the local gateway on
    /// <see cref="LseClusterOptions.GatewayPort"/> (Localhost), or the gateways listed in PostgreSQL (PostgreSql); over
    /// mutual TLS when the options name certificates.
    /// </summary>
    public static IClientBuilder UseLseClusterClient(this IClientBuilder builder, LseClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        builder.Services.AddLseStorageExceptions();
        if (options.Mode == ClusterMode.PostgreSql)
        {
            builder.Configure<ClusterOptions>(cluster =>
            {
                cluster.ClusterId = options.ClusterId;
                cluster.ServiceId = options.ServiceId;
            });
            builder.UseAdoNetClustering(clustering =>
            {
                clustering.Invariant = PostgresInvariant;
                clustering.ConnectionString = options.PostgresConnectionString;
            });
        }
        else
        {
            builder.UseLocalhostClustering(options.GatewayPort, options.ServiceId, options.ClusterId);
        }

        if (options.TlsEnabled)
        {
            var certificates = ClusterCertificates.Load(options);
            builder.UseTls(certificates.Own, certificates.Configure);
        }

        return builder;
    }
}
