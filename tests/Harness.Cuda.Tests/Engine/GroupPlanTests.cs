using Harness.Data;
using Harness.Engine;
using Harness.Engine.Cuda;

namespace Harness.Cuda.Tests.Engine;

/// <summary>How many blocks train one member: one for many or small members, many for a few large ones, never a grid the device cannot hold at once.</summary>
public sealed class GroupPlanTests
{
    private const int H200Resident = 132 * 8; // 132 multiprocessors, 8 blocks of 256 threads each

    private static CohortPlan Lecture(int members) => CohortPlan.Of(CohortStage.Of(Architecture.Of(new TrainConfig
    {
        Layers = [new ConvLayer(32, 5, 1, Padding.Same), new PoolLayer(PoolKind.Max, 2, 2), new ConvLayer(64, 5, 1, Padding.Same), new PoolLayer(PoolKind.Max, 2, 2), new DenseLayer(1024)],
    }, 784, 10, new ImageShape(1, 28, 28))), 50, 55_000, 5_000, members);

    [Fact]
    public void Nielsens_small_network_keeps_one_block_per_member_even_alone()
    {
        Assert.Equal(1, GroupPlan.BlocksPerMember(CohortPlan.Of([784, 30, 10], 10, 50_000, 10_000, 1), 1, H200Resident));
        Assert.Equal(1, GroupPlan.BlocksPerMember(CohortPlan.Of([784, 30, 10], 10, 50_000, 10_000, 4096), 4096, H200Resident));
    }

    [Fact]
    public void A_wide_network_alone_is_split_by_its_work_per_phase()
    {
        var wide = CohortPlan.Of([784, 800, 800, 10], 128, 50_000, 10_000, 1);
        Assert.Equal(128L * 3 * (784 * 800 + 800 * 800 + 800 * 10), GroupPlan.StepWork(wide));
        Assert.Equal(2 * 3 + 3, GroupPlan.Phases(wide));
        int group = GroupPlan.BlocksPerMember(wide, 1, H200Resident);
        Assert.Equal(GroupPlan.StepWork(wide) / (9 * GroupPlan.WorkPerBlockPhase), group);
        Assert.InRange(group, 150, 300);
    }

    [Fact]
    public void A_batch_16_draw_of_a_random_search_alone_on_its_share_is_split_over_about_ten_blocks()
    {
        var draw = CohortPlan.Of([784, 416, 320, 512, 10], 16, 50_000, 10_000, 1); // mnist-random.json's draw 18
        const int Share = 264 / 8; // two 256-thread blocks on each of 132 multiprocessors, eight cohorts at once
        long work = 16L * 3 * (784 * 416 + 416 * 320 + 320 * 512 + 512 * 10);
        Assert.Equal(work, GroupPlan.StepWork(draw));
        Assert.Equal(2 * 4 + 3, GroupPlan.Phases(draw));
        Assert.Equal((int)(work / (11 * GroupPlan.WorkPerBlockPhase)), GroupPlan.BlocksPerMember(draw, 1, Share));
        Assert.Equal(10, GroupPlan.BlocksPerMember(draw, 1, Share));
        Assert.Equal(3, GroupPlan.BlocksPerMember(draw, 11, Share)); // eleven such members share the same blocks
    }

    [Fact]
    public void The_lecture_CNN_counts_its_convolutions_and_three_seeds_share_the_device_without_exceeding_it()
    {
        var one = Lecture(1);
        long perExample = 3L * 28 * 28 * 32 * 25 + 2L * 14 * 14 * 32 * 4 + 3L * 14 * 14 * 64 * 25 * 32 + 2L * 7 * 7 * 64 * 4 + 3L * 3136 * 1024 + 3L * 1024 * 10;
        Assert.Equal(perExample * 50, GroupPlan.StepWork(one));
        Assert.Equal(2 * 6 + 3 + 2 * 2, GroupPlan.Phases(one)); // six stages; each convolution adds a transpose and a second gradient phase
        int group = GroupPlan.BlocksPerMember(Lecture(3), 3, H200Resident);
        Assert.InRange(group, 50, H200Resident / 3);
        Assert.True(3 * group <= H200Resident);
        Assert.Equal(10, GroupPlan.BlocksPerMember(Lecture(3), 3, 30)); // a smaller device: capped by the room
    }

    [Fact]
    public void Members_that_fill_the_device_or_a_device_without_room_get_one_block()
    {
        Assert.Equal(1, GroupPlan.BlocksPerMember(Lecture(600), 600, H200Resident));
        Assert.Equal(1, GroupPlan.BlocksPerMember(Lecture(1), 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => GroupPlan.BlocksPerMember(Lecture(1), 0, H200Resident));
    }

    [Fact]
    public void The_environment_cap_limits_the_group_and_a_bad_value_is_refused_naming_the_variable()
    {
        var wide = CohortPlan.Of([784, 800, 800, 10], 128, 50_000, 10_000, 1);
        Assert.Equal(4, GroupPlan.BlocksPerMember(wide, 1, H200Resident, GroupPlan.Cap("4")));
        Assert.Equal(1, GroupPlan.BlocksPerMember(wide, 1, H200Resident, GroupPlan.Cap("1")));
        Assert.Equal(int.MaxValue, GroupPlan.Cap(null));
        Assert.Equal(int.MaxValue, GroupPlan.Cap(" "));
        foreach (var bad in new[] { "0", "-2", "two", "1.5" })
        {
            var ex = Assert.Throws<ArgumentException>(() => GroupPlan.Cap(bad));
            Assert.StartsWith($"{GroupPlan.CapVariable}: '{bad}' is not allowed; set a whole number >= 1", ex.Message);
        }
    }
}
