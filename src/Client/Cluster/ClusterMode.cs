namespace Orleans.Lse.Client.Cluster;

/// <summary>Deployment shape.</summary>
public enum ClusterMode
{
    /// <summary>One machine: localhost clustering, grain state in SQLite.</summary>
    Localhost = 0,

    /// <summary>Several machines: clustering, grain state and reminders in PostgreSQL.</summary>
    PostgreSql = 1,
}
