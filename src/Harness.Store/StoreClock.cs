namespace Harness.Store;

/// <summary>The store keeps times as UTC with millisecond precision (what LiteDB's BSON dates hold).</summary>
internal static class StoreClock
{
    /// <summary>Drops sub-millisecond ticks so a time reads back exactly as it was written.</summary>
    public static DateTime Truncate(DateTime utc) =>
        new(utc.Ticks - utc.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);
}
