namespace Harness.Engine;

/// <summary>
/// The flat buffer cut into consecutive segments [Start, Start+Length), each flagged decayed or not,
/// covering it exactly once in order. Lets AdamW run one fused loop per segment with a decay factor
/// (1 where not decayed) instead of a per-element mask.
/// </summary>
internal readonly record struct DecaySegment(int Start, int Length, bool Decayed);

internal static class DecaySegments
{
    /// <summary>One undecayed segment over the whole buffer (plain Adam).</summary>
    public static DecaySegment[] None(int count) => count == 0 ? [] : [new DecaySegment(0, count, false)];

    /// <summary>Validates the ranges (inside the buffer, no overlap) and fills the gaps with undecayed segments.</summary>
    public static DecaySegment[] Build(int count, IReadOnlyList<Range> decayed)
    {
        var spans = new List<(int Start, int Length)>(decayed.Count);
        foreach (var r in decayed)
        {
            int start = r.Start.GetOffset(count), end = r.End.GetOffset(count);
            if (start < 0 || end > count || start > end)
                throw new ArgumentOutOfRangeException(nameof(decayed), r.ToString(),
                    $"decayed range {r} lies outside the parameter buffer [0, {count})");
            if (end > start) spans.Add((start, end - start));
        }
        spans.Sort((a, b) => a.Start.CompareTo(b.Start));
        var result = new List<DecaySegment>(2 * spans.Count + 1);
        int at = 0;
        foreach (var (start, length) in spans)
        {
            if (start < at)
                throw new ArgumentException($"decayed ranges overlap at index {start}; each parameter may be listed once", nameof(decayed));
            if (start > at) result.Add(new DecaySegment(at, start - at, false));
            result.Add(new DecaySegment(start, length, true));
            at = start + length;
        }
        if (at < count) result.Add(new DecaySegment(at, count - at, false));
        return [.. result];
    }
}
