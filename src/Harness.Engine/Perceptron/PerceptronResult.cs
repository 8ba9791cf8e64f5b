using System.Numerics.Tensors;
using Harness.Data;

namespace Harness.Engine;

/// <summary>
/// A trained perceptron: <see cref="Units"/> threshold units over <see cref="FeatureCount"/> inputs. Two classes
/// use one unit (it fires for class 1); k &gt; 2 classes use k one-vs-rest units and predict the class whose
/// unit has the largest pre-activation z = w·x + b.
/// </summary>
public sealed class PerceptronResult
{
    internal PerceptronResult(int featureCount, int classCount, float[] weights, float[] biases,
        int[] mistakesPerEpoch, bool converged, PerceptronConfig config)
    {
        FeatureCount = featureCount;
        ClassCount = classCount;
        Weights = weights;
        Biases = biases;
        MistakesPerEpoch = mistakesPerEpoch;
        Converged = converged;
        Config = config;
    }

    public int FeatureCount { get; }
    public int ClassCount { get; }
    /// <summary>1 for two classes, otherwise <see cref="ClassCount"/> (one-vs-rest).</summary>
    public int Units => Biases.Length;
    /// <summary>Units x FeatureCount, row-major: row u holds the weights of unit u.</summary>
    public float[] Weights { get; }
    /// <summary>One bias per unit.</summary>
    public float[] Biases { get; }
    /// <summary>Epochs run (1-based count): the first epoch without mistakes, or MaxEpochs.</summary>
    public int EpochsRun => MistakesPerEpoch.Count;
    /// <summary>True when an epoch went by without a single update, i.e. the weights separate the training set.</summary>
    public bool Converged { get; }
    /// <summary>
    /// Per epoch, the number of examples on which the rule updated the weights (a binary mistake; with one-vs-rest,
    /// at least one unit wrong about its own class-vs-rest question).
    /// </summary>
    public IReadOnlyList<int> MistakesPerEpoch { get; }
    public PerceptronConfig Config { get; }

    /// <summary>Unit <paramref name="unit"/>'s weights (FeatureCount).</summary>
    public ReadOnlySpan<float> UnitWeights(int unit) => Weights.AsSpan(unit * FeatureCount, FeatureCount);

    /// <summary>The predicted class of one example (FeatureCount features).</summary>
    public int Predict(ReadOnlySpan<float> features)
    {
        if (features.Length != FeatureCount)
            throw new ArgumentException($"example has {features.Length} features; the perceptron was trained on {FeatureCount}", nameof(features));
        if (Units == 1) return Score(0, features) > 0 ? 1 : 0;
        int best = 0;
        float bestScore = Score(0, features);
        for (int u = 1; u < Units; u++)
        {
            float s = Score(u, features);
            if (s > bestScore) { bestScore = s; best = u; }
        }
        return best;
    }

    /// <summary>Predicted class of every example of <paramref name="data"/>.</summary>
    public int[] Predict(Dataset data)
    {
        CheckWidth(data);
        var result = new int[data.Count];
        for (int i = 0; i < data.Count; i++) result[i] = Predict(data.Row(i));
        return result;
    }

    /// <summary>Fraction of <paramref name="data"/>'s examples classified correctly.</summary>
    public double Accuracy(Dataset data)
    {
        CheckWidth(data);
        if (data.Labels is null) throw new ArgumentException($"dataset '{data.Name}' has no class labels to score against", nameof(data));
        if (data.Count == 0) return double.NaN;
        int correct = 0;
        for (int i = 0; i < data.Count; i++)
            if (Predict(data.Row(i)) == data.Labels[i]) correct++;
        return (double)correct / data.Count;
    }

    /// <summary>Pre-activation z = w·x + b of one unit.</summary>
    internal float Score(int unit, ReadOnlySpan<float> features) => TensorPrimitives.Dot(UnitWeights(unit), features) + Biases[unit];

    private void CheckWidth(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.FeatureCount != FeatureCount)
            throw new ArgumentException($"dataset '{data.Name}' has {data.FeatureCount} features; the perceptron was trained on {FeatureCount}", nameof(data));
    }
}
