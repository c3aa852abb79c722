namespace Orleans.Lse.Dashboard.Hosting;

/// <summary>The meters /metrics exports.</summary>
internal static class DashboardMeters
{
    public static readonly string[] Names =
    [
        "Orleans.Lse",                          // the project's own (LseInstruments)
        "Microsoft.Orleans",                    // Orleans' grains, messaging, storage
        "Microsoft.AspNetCore.Hosting",         // requests
        "Microsoft.AspNetCore.Server.Kestrel",  // connections
        "System.Runtime",                       // GC, thread pool, CPU
    ];
}
