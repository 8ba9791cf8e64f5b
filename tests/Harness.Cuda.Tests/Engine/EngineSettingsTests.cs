using Harness.Engine.Cuda;

namespace Harness.Cuda.Tests.Engine;

/// <summary>What doctor says of the CUDA engine's environment variables, read through a stand-in environment.</summary>
public sealed class EngineSettingsTests
{
    private static (IReadOnlyList<(string Name, string Text)> Lines, IReadOnlyList<string> Refusals) Describe(params (string Name, string Value)[] set) =>
        EngineSettings.Describe(name => set.FirstOrDefault(v => v.Name == name).Value);

    [Fact]
    public void Each_variable_gets_a_line_with_its_value_and_what_it_does()
    {
        var (lines, refusals) = Describe((WidePath.Variable, "Wide"), (GroupPlan.CapVariable, "4"));
        Assert.Empty(refusals);
        Assert.Equal([WidePath.Variable, WidePath.Tf32Variable, GroupPlan.CapVariable, BlockThreads.Variable, MinBlocks.Variable, EpochLaunches.Variable], lines.Select(l => l.Name));
        Assert.Equal("'Wide': every plain MLP without augmentation on the wide path (cuBLAS GEMMs, CUDA graphs)", lines[0].Text);
        Assert.Equal("unset: fp32 GEMMs", lines[1].Text);
        Assert.Equal("'4': at most 4 blocks per member", lines[2].Text);
        Assert.Equal("unset: the fused kernel runs 256 threads per block", lines[3].Text);
        Assert.Equal("unset: the fused kernel is compiled to fit 2 blocks of 256 threads per SM (at most 128 registers a thread)", lines[4].Text);
        Assert.Equal("unset: the fused kernel is compiled to fit 1 block of 1,024 threads per SM (at most 64 registers a thread)",
            Describe((BlockThreads.Variable, "1024")).Lines[4].Text);
        Assert.Equal("unset: the fused kernel is compiled to fit 4 blocks of 128 threads per SM (at most 128 registers a thread)",
            Describe((BlockThreads.Variable, "128")).Lines[4].Text);
        Assert.Equal("' 3': the fused kernel is compiled to fit 3 blocks per SM (fewer registers, some spilled)",
            Describe((MinBlocks.Variable, " 3")).Lines[4].Text);
        Assert.Equal("'1024': the fused kernel is built for 1024 threads per block", Describe((BlockThreads.Variable, "1024")).Lines[3].Text);
    }

    [Fact]
    public void The_steps_per_launch_get_a_line_and_a_bad_count_is_refused()
    {
        var (lines, refusals) = Describe((EpochLaunches.Variable, "12"));
        Assert.Contains(lines, l => l.Name == EpochLaunches.Variable && l.Text == "'12': each launch of the fused kernel takes at most 12 training steps (an epoch takes several)");
        Assert.Empty(refusals);
        Assert.Contains(Describe().Lines, l => l.Name == EpochLaunches.Variable && l.Text.StartsWith("unset: an epoch is one launch", StringComparison.Ordinal));
        Assert.Single(Describe((EpochLaunches.Variable, "0")).Refusals, r => r.StartsWith(EpochLaunches.Variable, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null, new string[0])]
    [InlineData("", new string[0])]
    [InlineData("1", new[] { "COHORT_MIN_BLOCKS=1" })]
    [InlineData(" 8 ", new[] { "COHORT_MIN_BLOCKS=8" })]
    public void Min_blocks_becomes_a_define_of_the_fused_kernel(string? value, string[] defines) =>
        Assert.Equal(defines, MinBlocks.Defines(value));

    [Fact]
    public void Min_blocks_is_checked_against_the_block_size_and_odd_block_sizes_are_refused()
    {
        Assert.Equal(["COHORT_MIN_BLOCKS=2"], MinBlocks.Defines("2", 1024));
        Assert.Equal("HARNESS_CUDA_MIN_BLOCKS: '3' is not allowed; set a whole number from 1 to 2 (blocks of 1024 threads per SM), or leave it unset",
            Assert.Throws<ArgumentException>(() => MinBlocks.Defines("3", 1024)).Message);
        Assert.Equal(["HARNESS_CUDA_MIN_BLOCKS: '3' is not allowed; set a whole number from 1 to 2 (blocks of 1024 threads per SM), or leave it unset"],
            EngineSettings.Refusals(name => name == BlockThreads.Variable ? "1024" : name == MinBlocks.Variable ? "3" : null));
        Assert.Equal((256, 512), (BlockThreads.Threads(null), BlockThreads.Threads("512")));
        Assert.Equal([], BlockThreads.Defines(256));
        Assert.Equal(["COHORT_THREADS=128"], BlockThreads.Defines(128));
        Assert.Equal("HARNESS_CUDA_BLOCK_THREADS: '300' is not allowed; use one of 128, 256, 512, 1024, or leave it unset (256)",
            Assert.Throws<ArgumentException>(() => BlockThreads.Threads("300")).Message);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("9")]
    [InlineData("two")]
    public void Min_blocks_outside_1_to_8_is_refused_naming_the_variable(string value)
    {
        var ex = Assert.Throws<ArgumentException>(() => MinBlocks.Defines(value));
        Assert.Equal($"HARNESS_CUDA_MIN_BLOCKS: '{value}' is not allowed; set a whole number from 1 to 8 (blocks of 256 threads per SM), or leave it unset", ex.Message);
        Assert.Contains(ex.Message, EngineSettings.Refusals(name => name == MinBlocks.Variable ? value : null));
    }

    [Fact]
    public void A_refused_value_says_why_and_makes_the_settings_invalid()
    {
        var (lines, refusals) = Describe((WidePath.Tf32Variable, "yes"), (GroupPlan.CapVariable, "0"));
        Assert.Equal(2, refusals.Count);
        Assert.StartsWith("unset: plain MLPs with a hidden layer of >= 256 units", lines[0].Text);
        Assert.Equal("'yes': refused. HARNESS_CUDA_TF32: 'yes' is not allowed; use 1 (TF32 tensor cores) or 0 (fp32)", lines[1].Text);
        Assert.StartsWith("'0': refused. HARNESS_CUDA_MAX_BLOCKS_PER_MEMBER: '0' is not allowed", lines[2].Text);
    }

    [Fact]
    public void Refusals_name_each_refused_variable_and_nothing_else()
    {
        Assert.Empty(EngineSettings.Refusals(_ => null));
        Assert.Empty(EngineSettings.Refusals(name => name == WidePath.Variable ? "FUSED" : name == BlockThreads.Variable ? "512" : "1"));
        var refused = EngineSettings.Refusals(name => name == WidePath.Tf32Variable ? "on" : null);
        Assert.Equal("HARNESS_CUDA_TF32: 'on' is not allowed; use 1 (TF32 tensor cores) or 0 (fp32)", Assert.Single(refused));
    }
}
