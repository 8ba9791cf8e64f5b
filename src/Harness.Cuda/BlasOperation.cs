namespace Harness.Cuda;

/// <summary>cublasOperation_t: whether cuBLAS reads a (column-major) matrix as is or transposed.</summary>
public enum BlasOperation
{
    /// <summary>As is (CUBLAS_OP_N).</summary>
    NonTranspose = 0,

    /// <summary>Transposed (CUBLAS_OP_T).</summary>
    Transpose = 1,
}
