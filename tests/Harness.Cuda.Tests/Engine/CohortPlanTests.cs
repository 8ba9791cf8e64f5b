using Harness.Engine.Cuda;

namespace Harness.Cuda.Tests.Engine;

/// <summary>Memory and launch planning on the host: rows, workspace, bytes, and a clear refusal when a cohort does not fit.</summary>
public sealed class CohortPlanTests
{
    [Fact]
    public void Nielsen_at_batch_10_gets_256_validation_rows_and_the_kernels_workspace_formula()
    {
        var plan = CohortPlan.Of([784, 30, 10], 10, 50_000, 10_000, 132);
        Assert.Equal((10, 256, 23_860L), (plan.Batch, plan.Rows, plan.Parameters));
        // 3R (row losses and hits) + R x D (inputs) + 5 R x (30 + 10) (z, a, dz, mask, dropped), rounded up to 4
        long expected = 3 * 256 + 256 * 784 + 5 * 256 * 40;
        Assert.Equal((expected + 3) / 4 * 4, plan.WorkspaceFloats);
        Assert.Equal(0, plan.WorkspaceFloats % 4);
    }

    [Theory]
    [InlineData(0, 103, 103, 1)]
    [InlineData(1, 103, 1, 103)]
    [InlineData(500, 103, 103, 1)]
    [InlineData(64, 103, 64, 2)]
    public void Batch_size_resolves_as_on_the_CPU(int batchSize, int n, int expected, int steps)
    {
        Assert.Equal(expected, CohortPlan.ResolveBatch(batchSize, n));
        var plan = CohortPlan.Of([5, 3, 2], batchSize, n, 0, 1);
        Assert.Equal((expected, steps), (plan.Batch, plan.StepsPerEpoch)); // the last batch may be short
    }

    [Fact]
    public void Rows_cover_the_batch_when_it_is_larger_than_a_validation_chunk()
    {
        Assert.Equal(1000, CohortPlan.Of([5, 3, 2], 1000, 5000, 7, 1).Rows);
        Assert.Equal(7, CohortPlan.Of([5, 3, 2], 4, 5000, 7, 1).Rows);
        Assert.Equal(4, CohortPlan.Of([5, 3, 2], 4, 5000, 0, 1).Rows);
    }

    [Fact]
    public void Bytes_grow_with_members_and_a_cohort_that_does_not_fit_is_refused_naming_batch_size()
    {
        var one = CohortPlan.Of([784, 800, 800, 10], 0, 50_000, 10_000, 1);
        var four = CohortPlan.Of([784, 800, 800, 10], 0, 50_000, 10_000, 4);
        Assert.Equal(4 * one.Bytes, four.Bytes);
        four.CheckFits(four.Bytes * 2);
        var ex = Assert.Throws<ArgumentException>(() => four.CheckFits(four.Bytes / 2));
        Assert.Contains("batch_size 50000", ex.Message);
        Assert.Contains("4 member(s) of [784,800,800,10]", ex.Message);
        Assert.Contains("use a smaller batch_size or --cohort", ex.Message);
    }

    [Fact]
    public void Any_depth_plans_and_a_network_without_a_layer_is_refused()
    {
        int[] Widths(int layers) => [5, .. Enumerable.Repeat(4, layers - 1), 2];
        var deep = CohortPlan.Of(Widths(CohortPlan.MaxStages + 9), 8, 100, 10, 1); // the wide path trains it
        Assert.Equal(CohortPlan.MaxStages + 10, deep.Sizes.Length);
        Assert.Equal(CohortPlan.MaxStages + 9, deep.Stages.Count);
        Assert.Throws<ArgumentException>(() => CohortPlan.Of([], 8, 100, 10, 1, null));
    }

    [Fact]
    public void A_convolutions_gradient_slices_follow_its_pixels_per_batch_and_take_workspace()
    {
        var conv = new CohortStage(StageKind.Conv, new Harness.Data.ImageShape(1, 28, 28), new Harness.Data.ImageShape(32, 28, 28), 5, 1, 2, 2);
        Assert.Equal(20, CohortPlan.ConvParts(50, conv)); // 50 x 784 = 39,200 pairs: 2,048 per slice
        Assert.Equal(1, CohortPlan.ConvParts(1, conv));
        Assert.Equal(64, CohortPlan.ConvParts(10_000, conv));
        var dense = new CohortStage(StageKind.Dense, new Harness.Data.ImageShape(32 * 28 * 28, 1, 1), new Harness.Data.ImageShape(10, 1, 1));
        var withConv = CohortPlan.Of([conv, dense], 50, 1000, 100, 1);
        long stages = 3L * 100 + 100L * 784 + 5L * 100 * (32 * 784 + 10);
        Assert.Equal((stages + 3) / 4 * 4 + (32L * 25 + 32) * 20, withConv.WorkspaceFloats);
    }
}
