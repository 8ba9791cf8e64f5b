using Harness.Cuda;

namespace Harness.Engine.Cuda;

/// <summary>
/// One cublasSgemmStridedBatched call with alpha 1 and beta 0: for i in [0, Batch), C_i = op(A_i) op(B_i), column-major,
/// op(A) M x K, op(B) K x N, C M x N, matrix i of A at A + i * StrideA elements (likewise B and C; a stride of 0
/// shares one matrix across the batch).
/// </summary>
internal readonly record struct StridedGemm(
    BlasOperation TransA, BlasOperation TransB, int M, int N, int K,
    ulong A, int Lda, long StrideA, ulong B, int Ldb, long StrideB, ulong C, int Ldc, long StrideC, int Batch);
