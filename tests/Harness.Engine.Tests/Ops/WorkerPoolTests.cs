using Harness.Engine;
using Xunit;

namespace Harness.Engine.Tests.Ops;

/// <summary>
/// The worker pool's handoffs: every index of every job runs exactly once, whether the workers are still spinning
/// from the previous job or have gone to sleep, and errors and disposal behave.
/// </summary>
public sealed class WorkerPoolTests
{
    // Counts, per index, how often it ran, and the parts that finished.
    private sealed class CountingJob(int total) : IRangeJob
    {
        public readonly int[] Runs = new int[total];
        public int Finished;

        public void Run(int start, int end)
        {
            for (int i = start; i < end; i++) Interlocked.Increment(ref Runs[i]);
            Interlocked.Increment(ref Finished);
        }
    }

    // Remembers the ranges it was given.
    private sealed class RangeJob : IRangeJob
    {
        public readonly List<(int Start, int End)> Ranges = [];

        public void Run(int start, int end)
        {
            lock (Ranges) Ranges.Add((start, end));
        }
    }

    private sealed class ThrowingJob : IRangeJob
    {
        public void Run(int start, int end)
        {
            if (start > 0) throw new InvalidOperationException($"range {start}..{end} failed");
        }
    }

    [Fact]
    public void Many_jobs_back_to_back_each_run_every_index_once()
    {
        using var pool = new WorkerPool(4);
        for (int j = 0; j < 20_000; j++)
        {
            int total = 1 + j % 97;
            var job = new CountingJob(total);
            pool.Run(job, total, minPerPart: 1 + j % 5);
            Assert.All(job.Runs, n => Assert.Equal(1, n));
        }
    }

    [Fact]
    public void Jobs_after_the_workers_have_gone_to_sleep_still_run_every_index_once()
    {
        using var pool = new WorkerPool(3);
        for (int j = 0; j < 30; j++)
        {
            // Longer than the spin, so each handoff goes through the blocking path (and the first few race it).
            Thread.Sleep(j < 5 ? 0 : (int)Math.Ceiling(WorkerPool.SpinTime.TotalMilliseconds) + j % 3);
            var job = new CountingJob(1000);
            pool.Run(job, 1000, minPerPart: 10);
            Assert.All(job.Runs, n => Assert.Equal(1, n));
        }
    }

    [Theory]
    [InlineData(3, 0.0, 200_000)] // no spin: every handoff races the blocking path, both ways
    [InlineData(3, 0.002, 200_000)]
    [InlineData(8, 0.0, 20_000)] // more threads than cores, so workers are also preempted in the middle of a handoff
    public async Task Handoffs_through_the_blocking_path_lose_no_wake_up(int threads, double spinMs, int jobs)
    {
        using var pool = new WorkerPool(threads, TimeSpan.FromMilliseconds(spinMs));
        var run = Task.Run(() =>
        {
            var job = new CountingJob(64);
            for (int j = 0; j < jobs; j++)
            {
                int grain = 1 + j % (64 / threads + 8), parts = Math.Min(threads, Math.Max(1, 64 / grain));
                pool.Run(job, 64, minPerPart: grain);
                // Every part has finished when Run returns, not just started: a straggler would show here.
                Assert.Equal(parts, Interlocked.Exchange(ref job.Finished, 0));
                if (j % 1000 == 999) Assert.All(job.Runs, n => Assert.Equal(1000, n));
                if (j % 1000 == 999) Array.Clear(job.Runs);
            }
        }, TestContext.Current.CancellationToken);
        var first = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(120), TestContext.Current.CancellationToken));
        Assert.True(first == run, "a handoff hung: a wake-up was lost");
        await run; // its assertion failures
    }

    [Fact]
    public void Workers_that_take_longer_than_the_spin_are_waited_for()
    {
        using var pool = new WorkerPool(2);
        var slow = new SlowJob(TimeSpan.FromMilliseconds(20));
        pool.Run(slow, 2, minPerPart: 1);
        Assert.Equal(2, slow.Finished);
    }

    private sealed class SlowJob(TimeSpan workerDelay) : IRangeJob
    {
        public int Finished;

        public void Run(int start, int end)
        {
            if (start > 0) Thread.Sleep(workerDelay);
            Interlocked.Increment(ref Finished);
        }
    }

    [Fact]
    public void Parts_are_contiguous_aligned_and_capped_by_the_grain()
    {
        using var pool = new WorkerPool(4);
        var job = new RangeJob();
        pool.Run(job, 100, minPerPart: 30, align: 4);
        var ranges = job.Ranges.OrderBy(r => r.Start).ToList();
        Assert.Equal(3, ranges.Count); // 100 / 30 parts, though 4 threads
        Assert.Equal(0, ranges[0].Start);
        Assert.Equal(100, ranges[^1].End);
        for (int i = 1; i < ranges.Count; i++)
        {
            Assert.Equal(ranges[i - 1].End, ranges[i].Start);
            Assert.Equal(0, ranges[i].Start % 4);
        }
    }

    [Fact]
    public void A_worker_error_reaches_the_caller_and_the_pool_keeps_working()
    {
        using var pool = new WorkerPool(2);
        var error = Assert.Throws<AggregateException>(() => pool.Run(new ThrowingJob(), 10, minPerPart: 1));
        Assert.Contains("range 5..10 failed", error.InnerException!.Message);
        var job = new CountingJob(10);
        pool.Run(job, 10, minPerPart: 1);
        Assert.All(job.Runs, n => Assert.Equal(1, n));
    }

    [Fact]
    public void After_dispose_the_threads_end_and_a_split_job_is_refused()
    {
        var pool = new WorkerPool(3);
        pool.Run(new CountingJob(30), 30, minPerPart: 1);
        Assert.True(pool.WorkersAlive);
        pool.Dispose();
        Assert.Throws<ObjectDisposedException>(() => pool.Run(new CountingJob(30), 30, minPerPart: 1));
        var small = new CountingJob(3);
        pool.Run(small, 3, minPerPart: 3); // one part runs on the caller, as before
        Assert.All(small.Runs, n => Assert.Equal(1, n));
        Assert.True(SpinWait.SpinUntil(() => !pool.WorkersAlive, TimeSpan.FromSeconds(10)), "the pool's threads still run after Dispose");
    }
}
