using Harness.Cuda.Diagnostics;

namespace Harness.Cuda.Tests.Diagnostics;

/// <summary>The host Philox (the reference the device kernel is checked against) reproduces Random123's known answers.</summary>
public sealed class PhiloxReferenceTests
{
    [Theory]
    [InlineData(0u, 0u, 0u, 0u, 0u, 0u, 0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u)]
    [InlineData(0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu)]
    [InlineData(0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u, 0xa4093822u, 0x299f31d0u, 0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u)]
    public void Philox4x32_10_matches_the_Random123_known_answers(uint c0, uint c1, uint c2, uint c3, uint k0, uint k1,
        uint r0, uint r1, uint r2, uint r3)
    {
        Assert.Equal((r0, r1, r2, r3), PhiloxReference.Philox4x32_10((c0, c1, c2, c3), k0, k1));
    }

    [Fact]
    public void Block_puts_the_seed_in_the_key_and_counter_then_stream_in_the_counter_words()
    {
        Assert.Equal(PhiloxReference.Philox4x32_10((0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u), 0xa4093822u, 0x299f31d0u),
            PhiloxReference.Block(0x299f31d0a4093822UL, 0x0370734413198a2eUL, 0x85a308d3243f6a88UL));
    }

    [Fact]
    public void Uniforms_lie_in_zero_one_and_look_uniform()
    {
        var u = PhiloxReference.Uniforms(100_000, seed: 42, stream: 3);
        Assert.All(u, x => Assert.InRange(x, 0f, 0.99999995f));
        Assert.InRange(u.Average(), 0.495, 0.505);
        Assert.Equal(0f, PhiloxReference.ToUniform(0xFFu));
        Assert.Equal(1f - 1f / 16777216f, PhiloxReference.ToUniform(uint.MaxValue));
    }

    [Fact]
    public void Different_streams_give_different_numbers()
    {
        Assert.NotEqual(PhiloxReference.Uniforms(8, 42, 0), PhiloxReference.Uniforms(8, 42, 1));
        Assert.Equal(PhiloxReference.Uniforms(8, 42, 1), PhiloxReference.Uniforms(8, 42, 1));
    }
}
