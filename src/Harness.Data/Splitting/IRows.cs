namespace Harness.Data;

/// <summary>
/// Examples a split can be cut from: a <see cref="Dataset"/> (cut by copying rows) or images still held as IDX bytes
/// (<see cref="Idx.IdxPair"/>, cut by scaling only the rows asked for, so MNIST's standard split makes one float copy
/// of its 70,000 images, not two).
/// </summary>
internal interface IRows
{
    string Name { get; }
    int Count { get; }

    /// <summary>Examples [start, start + count) as a dataset named <paramref name="name"/>.</summary>
    Dataset Rows(int start, int count, string name);
}
