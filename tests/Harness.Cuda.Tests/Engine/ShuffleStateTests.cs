using Harness.Engine;
using Harness.Engine.Cuda;

namespace Harness.Cuda.Tests.Engine;

/// <summary>The device shuffle's generator is the CPU's: same state words, same draws, same Fisher-Yates order.</summary>
public sealed class ShuffleStateTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(-7)]
    [InlineData(int.MaxValue)]
    public void The_seeded_state_draws_what_Rng_Stream_draws(int seed)
    {
        var rng = Rng.Stream(seed, ShuffleState.Stream);
        Span<ulong> s = ShuffleState.Seeded(seed, ShuffleState.Stream);
        for (int i = 0; i < 1000; i++) Assert.Equal(rng.NextUInt64(), ShuffleState.Next(s));
    }

    [Fact]
    public void Fisher_Yates_with_the_device_steps_orders_examples_as_Rng_Shuffle_over_epochs()
    {
        const int n = 1003;
        var config = new TrainConfig { Seed = 3, ShuffleSeed = 42 };
        var rng = Rng.Stream(42, ShuffleState.Stream);
        Span<ulong> s = ShuffleState.Of(config).AsSpan(0, 4);
        int[] cpu = [.. Enumerable.Range(0, n)], device = [.. Enumerable.Range(0, n)];
        for (int epoch = 0; epoch < 3; epoch++)
        {
            rng.Shuffle(cpu);
            // shuffle_order in cohort.cu, line for line
            for (int i = n - 1; i > 0; i--)
            {
                int j = (int)((ShuffleState.Next(s) >> 32) * (ulong)(uint)(i + 1) >> 32);
                (device[i], device[j]) = (device[j], device[i]);
            }
            Assert.Equal(cpu, device);
        }
    }

    [Fact]
    public void The_second_four_words_are_the_augmentation_stream_of_seed_not_shuffle_seed()
    {
        var words = ShuffleState.Of(new TrainConfig { Seed = 3, ShuffleSeed = 42 });
        Assert.Equal(ShuffleState.WordsPerMember, words.Length);
        var rng = Rng.Stream(3, Augmenter.Stream);
        Span<ulong> s = words.AsSpan(4, 4);
        for (int i = 0; i < 100; i++) Assert.Equal(rng.NextUInt64(), ShuffleState.Next(s));
    }
}
