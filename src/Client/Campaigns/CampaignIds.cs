namespace Orleans.Lse.Client.Campaigns;

/// <summary>
/// What campaign ids and idempotency keys may hold. A campaign id names a directory under the silo's data directory,
/// so it is a plain file name: no separators, no "..".
/// </summary>
public static class CampaignIds
{
    public const int MaxIdLength = 128;

    public const int MaxKeyLength = 256;

    /// <summary>Whether <paramref name="id"/> is a valid campaign id (see <see cref="ValidateId"/>).</summary>
    public static bool IsValidId(string? id) => !string.IsNullOrEmpty(id) && id.Length <= MaxIdLength && id[0] != '.' && !id.Contains("..", StringComparison.Ordinal)
        && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    /// <summary>Throws an <see cref="ArgumentException"/> unless <paramref name="id"/> is 1..128 of A-Z, a-z, 0-9, '-', '_', '.', not starting with '.'.</summary>
    public static void ValidateId(string? id, string what = "Campaign id")
    {
        if (!IsValidId(id))
        {
            throw new ArgumentException($"{what} '{Shown(id)}' is not valid: use 1..{MaxIdLength} of A-Z, a-z, 0-9, '-', '_' and '.', not starting with '.' or containing '..'.");
        }
    }

    /// <summary>Throws an <see cref="ArgumentException"/> unless <paramref name="key"/> is 1..256 printable characters.</summary>
    public static void ValidateKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length is 0 or > MaxKeyLength || key.Any(char.IsControl))
        {
            throw new ArgumentException($"Idempotency key '{Shown(key)}' is not valid: use 1..{MaxKeyLength} printable characters.");
        }
    }

    /// <summary>At most 40 characters of the value, control characters shown as '?': an error never echoes a huge or terminal-altering input.</summary>
    public static string Shown(string? value) => value is null
        ? "(null)"
        : new string([.. value.Take(40).Select(c => char.IsControl(c) ? '?' : c)]) + (value.Length > 40 ? "..." : "");
}
