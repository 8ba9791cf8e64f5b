namespace Harness.Data.Tests.Splitting;

public sealed class SplitsTests
{
    /// <summary>n examples whose single feature is the example's index; labels cycle with uneven class sizes.</summary>
    private static Dataset Indexed(int n, int classes = 3)
    {
        var x = Enumerable.Range(0, n).Select(i => (float)i).ToArray();
        var y = Enumerable.Range(0, n).Select(i => i % 7 < 4 ? 0 : i % 7 < 6 ? 1 : 2).ToArray();
        return new Dataset("toy-train", x, 1, y, classes);
    }

    private static int[] Ids(Dataset d) => d.Features.Select(f => (int)f).ToArray();

    [Fact]
    public void Stratified_sizes_disjoint_and_exact_class_proportions()
    {
        var all = Indexed(1003);
        var s = Splits.Stratified(all, 0.7, 0.15, seed: 1);
        Assert.Equal(1003, s.Train.Count + s.Validation.Count + s.Test.Count);
        var union = Ids(s.Train).Concat(Ids(s.Validation)).Concat(Ids(s.Test)).ToArray();
        Assert.Equal(union.Length, union.Distinct().Count());
        Assert.Equal(Enumerable.Range(0, 1003), union.Order());
        Assert.Equal(("toy-train", "toy-validation", "toy-test"), (s.Train.Name, s.Validation.Name, s.Test.Name));

        for (int c = 0; c < 3; c++)
        {
            int nc = all.Labels!.Count(y => y == c);
            foreach (var (set, f) in new[] { (s.Train, 0.7), (s.Validation, 0.15), (s.Test, 0.15) })
                Assert.InRange(set.Labels!.Count(y => y == c), Math.Floor(nc * f), Math.Ceiling(nc * f));
        }
        // labels travel with their rows
        Assert.All(Enumerable.Range(0, s.Train.Count), i => Assert.Equal(all.Labels![Ids(s.Train)[i]], s.Train.Labels![i]));
    }

    [Fact]
    public void Stratified_is_deterministic_per_seed_and_seeds_differ()
    {
        var all = Indexed(500);
        var a = Splits.Stratified(all, 0.6, 0.2, 7);
        var b = Splits.Stratified(all, 0.6, 0.2, 7);
        var c = Splits.Stratified(all, 0.6, 0.2, 8);
        Assert.Equal(Ids(a.Train), Ids(b.Train));
        Assert.Equal(Ids(a.Test), Ids(b.Test));
        Assert.NotEqual(Ids(a.Train), Ids(c.Train));
        Assert.Equal(a.Train.Count, c.Train.Count);
    }

    [Fact]
    public void Stratified_rejects_bad_fractions()
    {
        var all = Indexed(50);
        Assert.Throws<ArgumentOutOfRangeException>(() => Splits.Stratified(all, 1.3, 0.1, 0));
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Splits.Stratified(all, 0.8, 0.3, 0));
        Assert.Contains("must be below 1", ex.Message);
    }

    [Fact]
    public void Largest_remainder_sums_to_n()
    {
        Assert.Equal([2, 1, 1], Splits.LargestRemainder(4, [0.6, 0.2, 0.2]));
        Assert.Equal([6, 2, 2], Splits.LargestRemainder(10, [0.6, 0.2, 0.2]));
        Assert.Equal([1, 1, 1], Splits.LargestRemainder(3, [1 / 3.0, 1 / 3.0, 1 / 3.0]));
    }

    [Fact]
    public void Regression_sets_split_as_one_class()
    {
        var f = Harness.Data.Synthetic.Function("sin", 100, 0, 3);
        var s = Splits.Stratified(f, 0.6, 0.2, 0);
        Assert.Equal((60, 20, 20), (s.Train.Count, s.Validation.Count, s.Test.Count));
        Assert.Null(s.Train.Labels);
        Assert.Equal(1, s.Test.TargetCount);
    }

    [Fact]
    public void Standard_takes_the_last_examples_for_validation()
    {
        var train = Indexed(100);
        var test = new Dataset("toy-test", [1f, 2f], 1, [0, 1], 3);
        var s = Splits.Standard(train, test, validationCount: 20);
        Assert.Equal(Enumerable.Range(0, 80), Ids(s.Train));
        Assert.Equal(Enumerable.Range(80, 20), Ids(s.Validation));
        Assert.Same(test, s.Test);
        Assert.Equal("toy-validation", s.Validation.Name);
    }
}
