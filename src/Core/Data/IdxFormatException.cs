namespace Orleans.Lse.Core.Data;

/// <summary>
/// Thrown when a file is not a well-formed IDX file of unsigned bytes. The message always names the file and the problem.
/// </summary>
public class IdxFormatException : Exception
{
    /// <summary>Creates the exception for <paramref name="filePath"/> with a description of <paramref name="problem"/>.</summary>
    public IdxFormatException(string filePath, string problem, Exception? innerException = null)
        : base($"Invalid IDX file '{filePath}': {problem}", innerException)
    {
        FilePath = filePath;
    }

    /// <summary>The file that failed to parse.</summary>
    public string FilePath { get; }
}
