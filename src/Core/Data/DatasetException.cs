namespace Orleans.Lse.Core.Data;

/// <summary>
/// Thrown when a dataset cannot be found, fetched or verified (missing files, inconsistent files, checksum mismatch).
/// </summary>
public class DatasetException : Exception
{
    /// <summary>Creates the exception with a message that names the files involved.</summary>
    public DatasetException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
