namespace Harness.Store;

/// <summary>A spec hash as people read it: its first 12 hex digits, enough to tell versions apart at a glance.</summary>
public static class SpecHashText
{
    /// <summary>The hash's first 12 characters (all of a shorter one).</summary>
    public static string Short(string hash)
    {
        ArgumentNullException.ThrowIfNull(hash);
        return hash[..Math.Min(12, hash.Length)];
    }
}
