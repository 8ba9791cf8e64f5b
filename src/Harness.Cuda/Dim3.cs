namespace Harness.Cuda;

/// <summary>A grid or block size, as CUDA's dim3; an int converts to (x, 1, 1).</summary>
public readonly record struct Dim3(uint X, uint Y = 1, uint Z = 1)
{
    /// <summary>A one-dimensional size.</summary>
    public static implicit operator Dim3(int x) => new(checked((uint)x));

    /// <summary>Threads (or blocks) in all: X · Y · Z.</summary>
    public uint Size => X * Y * Z;

    /// <summary>How many blocks of <paramref name="block"/> cover <paramref name="n"/> items: ceil(n / block).</summary>
    public static int Blocks(int n, int block) => (n + block - 1) / block;

    /// <inheritdoc />
    public override string ToString() => $"({X}, {Y}, {Z})";
}
