using Harness.Engine.Cuda;

namespace Harness.Cuda.Tests.Engine;

/// <summary>What doctor says of the CUDA engine's environment variables, read through a stand-in environment.</summary>
public sealed class EngineSettingsTests
{
    private static (IReadOnlyList<(string Name, string Text)> Lines, bool Valid) Describe(params (string Name, string Value)[] set) =>
        EngineSettings.Describe(name => set.FirstOrDefault(v => v.Name == name).Value);

    [Fact]
    public void Each_variable_gets_a_line_with_its_value_and_what_it_does()
    {
        var (lines, valid) = Describe((WidePath.Variable, "Wide"), (GroupPlan.CapVariable, "4"));
        Assert.True(valid);
        Assert.Equal([WidePath.Variable, WidePath.Tf32Variable, GroupPlan.CapVariable], lines.Select(l => l.Name));
        Assert.Equal("'Wide': every plain MLP without augmentation on the wide path (cuBLAS GEMMs, CUDA graphs)", lines[0].Text);
        Assert.Equal("unset: fp32 GEMMs", lines[1].Text);
        Assert.Equal("'4': at most 4 blocks per member", lines[2].Text);
    }

    [Fact]
    public void A_refused_value_says_why_and_makes_the_settings_invalid()
    {
        var (lines, valid) = Describe((WidePath.Tf32Variable, "yes"), (GroupPlan.CapVariable, "0"));
        Assert.False(valid);
        Assert.StartsWith("unset: plain MLPs with a hidden layer of >= 256 units", lines[0].Text);
        Assert.Equal("'yes': refused. HARNESS_CUDA_TF32: 'yes' is not allowed; use 1 (TF32 tensor cores) or 0 (fp32)", lines[1].Text);
        Assert.StartsWith("'0': refused. HARNESS_CUDA_MAX_BLOCKS_PER_MEMBER: '0' is not allowed", lines[2].Text);
    }

    [Fact]
    public void Refusals_name_each_refused_variable_and_nothing_else()
    {
        Assert.Empty(EngineSettings.Refusals(_ => null));
        Assert.Empty(EngineSettings.Refusals(name => name == WidePath.Variable ? "FUSED" : "1"));
        var refused = EngineSettings.Refusals(name => name == WidePath.Tf32Variable ? "on" : null);
        Assert.Equal("HARNESS_CUDA_TF32: 'on' is not allowed; use 1 (TF32 tensor cores) or 0 (fp32)", Assert.Single(refused));
    }
}
