using Harness.Engine.Cuda;

namespace Harness.Cuda.Tests.Engine;

/// <summary>
/// The device's resident blocks shared by cohorts trained at once: an even share each for planning groups, grouped
/// launches side by side while they fit together, and a launch that would not fit waiting for one that holds blocks.
/// </summary>
public sealed class ResidentBlocksTests
{
    [Fact]
    public void Each_cohort_plans_with_an_even_share_of_the_device_until_it_leaves()
    {
        var device = new ResidentBlocks(264);
        Assert.Equal(264, device.Share); // nobody joined yet: a cohort planning now gets the device
        var a = device.Join();
        Assert.Equal(264, device.Share);
        var b = device.Join();
        var c = device.Join();
        Assert.Equal(88, device.Share);
        b.Dispose();
        b.Dispose(); // leaving twice counts once
        Assert.Equal(132, device.Share);
        a.Dispose();
        c.Dispose();
        Assert.Equal(264, device.Share);
    }

    [Fact]
    public void A_larger_device_trains_more_cohorts_at_once_by_default_and_each_keeps_room_for_a_group()
    {
        Assert.Equal(4, CudaEngine.ParallelFor(4)); // the driver stand-in
        Assert.Equal(4, CudaEngine.ParallelFor(24)); // a laptop GPU
        Assert.Equal(6, CudaEngine.ParallelFor(108)); // an A100
        Assert.Equal(8, CudaEngine.ParallelFor(132)); // an H100 or H200
        var device = new ResidentBlocks(264); // two blocks of the fused kernel on each of 132 SMs
        var joined = Enumerable.Range(0, CudaEngine.ParallelFor(132)).Select(_ => device.Join()).ToList();
        Assert.Equal(33, device.Share);
        foreach (var j in joined) j.Dispose();
    }

    [Fact]
    public void The_share_is_at_least_one_block_however_many_cohorts_join()
    {
        var device = new ResidentBlocks(4);
        var joined = Enumerable.Range(0, 9).Select(_ => device.Join()).ToList();
        Assert.Equal(1, device.Share);
        joined.ForEach(j => j.Dispose());
    }

    [Fact]
    public void Launches_that_fit_together_hold_their_blocks_at_once()
    {
        var device = new ResidentBlocks(264);
        using var first = device.Reserve(100);
        using var second = device.Reserve(164);
        Assert.Equal(264, device.Reserved);
    }

    [Fact]
    public void A_launch_larger_than_the_device_runs_when_nothing_else_holds_blocks()
    {
        var device = new ResidentBlocks(264);
        using var big = device.Reserve(300);
        Assert.Equal(300, device.Reserved);
    }

    [Fact]
    public async Task A_launch_that_would_not_fit_waits_until_the_blocks_it_needs_are_released()
    {
        var device = new ResidentBlocks(264);
        var held = device.Reserve(200);
        var waiting = Task.Run(() => device.Reserve(100), TestContext.Current.CancellationToken);
        await Task.Delay(300, TestContext.Current.CancellationToken);
        Assert.False(waiting.IsCompleted, "a reservation of 100 blocks beside 200 of 264 should wait");
        Assert.Equal(200, device.Reserved);
        held.Dispose();
        using var granted = await waiting.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.Equal(100, device.Reserved);
    }

    [Fact]
    public void Bad_sizes_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ResidentBlocks(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ResidentBlocks(8).Reserve(0));
    }
}
