using System.Numerics.Tensors;
using Harness.Data;

namespace Harness.Engine;

/// <summary>
/// Rosenblatt's perceptron learning rule on a single layer of threshold units, trained online:
/// for each example (in a freshly shuffled order every epoch) and each unit,
/// <code>
/// z = w·x + b;  ŷ = step(z) ∈ {0, 1}  (or sign(z) ∈ {−1, +1});  w += η·(y − ŷ)·x;  b += η·(y − ŷ)
/// </code>
/// where y is the unit's target (1 / +1 for its class, 0 / −1 otherwise) and step(z) = 1 iff z &gt; 0
/// (likewise sign(z) = +1 iff z &gt; 0). Weights and biases start at zero. Training stops after the first epoch
/// with no mistakes (converged: the training set is linearly separated) or after MaxEpochs.
/// Two classes train one unit; k &gt; 2 classes train k one-vs-rest units side by side.
/// </summary>
public static class PerceptronTrainer
{
    /// <summary>Trains on <paramref name="data"/>, which needs single-label classes (ClassCount ≥ 2).</summary>
    /// <param name="onEpoch">Called after each epoch with the 1-based epoch and its mistake count.</param>
    public static PerceptronResult Train(Dataset data, PerceptronConfig config, CancellationToken ct = default,
        Action<int, int>? onEpoch = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        if (data.Labels is null)
            throw new ArgumentException($"dataset '{data.Name}' has no class labels; the perceptron learns single-label classification", nameof(data));
        if (data.ClassCount < 2)
            throw new ArgumentException($"dataset '{data.Name}' has {data.ClassCount} class; the perceptron needs at least 2", nameof(data));

        int n = data.Count, f = data.FeatureCount;
        int units = data.ClassCount == 2 ? 1 : data.ClassCount;
        var labels = data.Labels;
        var weights = new float[units * f]; // (U, F)
        var biases = new float[units];      // (U)
        float lr = (float)config.LearningRate;
        float on = 1, off = config.UseSign ? -1 : 0;

        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        var rng = new Random(config.Seed);
        var mistakes = new List<int>();
        bool converged = false;

        for (int epoch = 1; epoch <= config.MaxEpochs; epoch++)
        {
            ct.ThrowIfCancellationRequested();
            rng.Shuffle(order);
            int epochMistakes = 0;
            for (int k = 0; k < n; k++)
            {
                if ((k & 1023) == 1023) ct.ThrowIfCancellationRequested();
                int i = order[k];
                var x = data.Row(i); // (F)
                bool wrong = false;
                for (int u = 0; u < units; u++)
                {
                    // Binary: the single unit fires for class 1. One-vs-rest: unit u fires for class u.
                    bool positive = units == 1 ? labels[i] == 1 : labels[i] == u;
                    float y = positive ? on : off;
                    var w = weights.AsSpan(u * f, f);
                    float z = TensorPrimitives.Dot(w, x) + biases[u];
                    float yHat = z > 0 ? on : off;
                    if (yHat == y) continue;
                    float delta = lr * (y - yHat);
                    TensorPrimitives.MultiplyAdd(x, delta, w, w); // w += delta·x
                    biases[u] += delta;
                    wrong = true;
                }
                if (wrong) epochMistakes++;
            }
            mistakes.Add(epochMistakes);
            onEpoch?.Invoke(epoch, epochMistakes);
            if (epochMistakes == 0)
            {
                converged = true;
                break;
            }
        }
        return new PerceptronResult(f, data.ClassCount, weights, biases, [.. mistakes], converged, config);
    }
}
