namespace Harness.Store;

/// <summary>Free space on the volume that holds a file, as the current user may use it.</summary>
internal static class VolumeSpace
{
    /// <summary>
    /// Bytes available to this user on the volume holding <paramref name="path"/>'s folder, or null when that
    /// cannot be told (a network share on Windows, a folder that is gone): callers then skip their space checks.
    /// </summary>
    public static long? Available(string path)
    {
        try
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(path));
            if (string.IsNullOrEmpty(folder)) return null;
            return new DriveInfo(folder).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            return null;
        }
    }

    /// <summary>A byte count for messages: "512 KiB", "3.2 MiB".</summary>
    public static string Describe(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} bytes",
        < 1024 * 1024 => $"{bytes / 1024} KiB",
        _ => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):F1} MiB"),
    };
}
