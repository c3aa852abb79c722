namespace Orleans.Lse.Core.UserModels;

/// <summary>A user's model or manifest that cannot be used: the message names the file and the problem.</summary>
public sealed class UserModelException(string message, Exception? inner = null) : Exception(message, inner);
