namespace Orleans.Lse.Grains.Storage;

/// <summary>The grain state database cannot be used: unreachable, not a database, corrupt, or its set-up failed.
/// The message names the database (file path, or PostgreSQL host and database).</summary>
public sealed class StorageSetupException : Exception
{
    public StorageSetupException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
