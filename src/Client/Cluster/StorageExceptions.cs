using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Orleans.Lse.Client.Cluster;

/// <summary>
/// Lets storage errors cross grain calls as what they are. Orleans serializes exceptions only from the namespaces it
/// trusts (Microsoft, System, Azure); an Npgsql error thrown by a grain's storage (PostgreSQL restarting) would
/// otherwise reach the caller as "could not find a codec", which reads as a deterministic failure and failed a campaign
/// that should have retried.
/// </summary>
public static class StorageExceptions
{
    public const string NpgsqlNamespace = "Npgsql";

    /// <summary>Trusts Npgsql's exceptions in silos and clients alike.</summary>
    public static IServiceCollection AddLseStorageExceptions(this IServiceCollection services) =>
        services.Configure<ExceptionSerializationOptions>(options => options.SupportedNamespacePrefixes.Add(NpgsqlNamespace));
}
