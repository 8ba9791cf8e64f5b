namespace Harness.Data;

/// <summary>Ways to cut data into train / validation / test. The test split is never used for early stopping or selection.</summary>
public static class Splits
{
    /// <summary>
    /// The published-table split: the first <c>train.Count - validationCount</c> training examples train, the last
    /// <paramref name="validationCount"/> validate, and the official test set tests (MNIST: 50,000 / 10,000 / 10,000).
    /// </summary>
    public static DataSplits Standard(Dataset train, Dataset test, int validationCount = 10000) =>
        Standard(train, test, validationCount, null, null, null);

    internal static DataSplits Standard(IRows train, IRows test, int validationCount, int? trainLimit, int? validationLimit, int? testLimit)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        if (validationCount <= 0 || validationCount >= train.Count)
            throw new ArgumentOutOfRangeException(nameof(validationCount), validationCount, $"validationCount must lie in (0, {train.Count})");
        var stem = Stem(train.Name);
        int trainCount = train.Count - validationCount;
        return new DataSplits(
            train.Rows(0, Limit(trainCount, trainLimit), stem + "-train"),
            train.Rows(trainCount, Limit(validationCount, validationLimit), stem + "-validation"),
            test.Rows(0, Limit(test.Count, testLimit), test.Name));
    }

    /// <summary>
    /// A seeded stratified random split of all examples: within each class the counts for train / validation /
    /// test are the exact proportions rounded by largest remainder (ties go to train, then validation), so each
    /// class's counts differ from n_c * fraction by less than one. Examples are drawn by a seeded shuffle, and
    /// each split is shuffled so its first N examples are a fair sample. Sets without labels (regression) are
    /// split the same way as one class. Deterministic for a seed.
    /// </summary>
    public static DataSplits Stratified(Dataset all, double trainFraction, double validationFraction, int seed)
    {
        ArgumentNullException.ThrowIfNull(all);
        if (!(trainFraction > 0 && trainFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(trainFraction), trainFraction, "trainFraction must lie in (0, 1)");
        if (!(validationFraction > 0 && validationFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction, "validationFraction must lie in (0, 1)");
        if (trainFraction + validationFraction >= 1)
            throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction,
                $"trainFraction + validationFraction = {trainFraction + validationFraction} must be below 1 (the rest is the test split)");

        var rng = new Random(seed);
        int classes = all.Labels is null ? 1 : all.ClassCount;
        var byClass = new List<int>[classes];
        for (int c = 0; c < classes; c++) byClass[c] = [];
        for (int i = 0; i < all.Count; i++) byClass[all.Labels is null ? 0 : all.Labels[i]].Add(i);

        var parts = new[] { new List<int>(), new List<int>(), new List<int>() };
        double[] fractions = [trainFraction, validationFraction, 1 - trainFraction - validationFraction];
        foreach (var members in byClass)
        {
            var idx = members.ToArray();
            rng.Shuffle(idx);
            var counts = LargestRemainder(idx.Length, fractions);
            int at = 0;
            for (int s = 0; s < 3; s++)
            {
                parts[s].AddRange(idx.AsSpan(at, counts[s]).ToArray());
                at += counts[s];
            }
        }
        var stem = Stem(all.Name);
        string[] names = [stem + "-train", stem + "-validation", stem + "-test"];
        var sets = new Dataset[3];
        for (int s = 0; s < 3; s++)
        {
            var idx = parts[s].ToArray();
            rng.Shuffle(idx);
            sets[s] = all.Subset(idx, names[s]);
        }
        return new DataSplits(sets[0], sets[1], sets[2]);
    }

    /// <summary>Integer counts summing to <paramref name="n"/>: floors of n * f, the leftovers to the largest fractional parts (ties: earlier first).</summary>
    internal static int[] LargestRemainder(int n, IReadOnlyList<double> fractions)
    {
        var counts = new int[fractions.Count];
        var rest = new (double Remainder, int Index)[fractions.Count];
        int assigned = 0;
        for (int s = 0; s < counts.Length; s++)
        {
            double exact = n * fractions[s];
            counts[s] = (int)Math.Floor(exact + 1e-9);
            rest[s] = (exact - counts[s], s);
            assigned += counts[s];
        }
        foreach (var (_, s) in rest.OrderByDescending(r => r.Remainder).ThenBy(r => r.Index).Take(n - assigned))
            counts[s]++;
        return counts;
    }

    /// <summary>Applies optional "first N" limits to each split.</summary>
    internal static DataSplits Limit(DataSplits splits, int? trainLimit, int? validationLimit, int? testLimit) => new(
        Take(splits.Train, trainLimit), Take(splits.Validation, validationLimit), Take(splits.Test, testLimit));

    private static Dataset Take(Dataset d, int? limit) => limit is { } n && n < d.Count ? d.Slice(0, n) : d;

    private static int Limit(int count, int? limit) => limit is { } n && n < count ? n : count;

    private static string Stem(string name) =>
        name.EndsWith("-train", StringComparison.Ordinal) ? name[..^"-train".Length] : name;
}
