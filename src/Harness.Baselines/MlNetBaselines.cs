using System.Diagnostics;
using Harness.Data;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.LightGbm;

namespace Harness.Baselines;

/// <summary>
/// Trains ML.NET multiclass trainers on the same splits the MLPs use: fit on train, report validation and test
/// accuracy (micro accuracy = fraction correct, the same metric the engine reports).
/// </summary>
public static class MlNetBaselines
{
    private sealed class Row
    {
        public float Label { get; set; }
        public float[] Features { get; set; } = [];
    }

    public static BaselineResult Train(BaselineTrainer trainer, DataSplits data, int seed = 1)
    {
        if (data.Train.Labels is null)
            throw new ArgumentException($"baselines need a classification dataset; '{data.Train.Name}' has no labels");
        var ml = new MLContext(seed);
        var train = ToDataView(ml, data.Train);
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(CreateTrainer(ml, trainer));
        var watch = Stopwatch.StartNew();
        var model = pipeline.Fit(train);
        watch.Stop();
        var val = ml.MulticlassClassification.Evaluate(model.Transform(ToDataView(ml, data.Validation)));
        var test = ml.MulticlassClassification.Evaluate(model.Transform(ToDataView(ml, data.Test)));
        return new BaselineResult(trainer, val.MicroAccuracy, val.LogLoss, test.MicroAccuracy, test.LogLoss, watch.Elapsed.TotalSeconds);
    }

    /// <summary>The trainer's settings as stored with the trial.</summary>
    public static IReadOnlyDictionary<string, string> Settings(BaselineTrainer trainer) => trainer switch
    {
        BaselineTrainer.SdcaMaxEnt => new Dictionary<string, string> { ["trainer"] = trainer.Name(), ["max_iterations"] = "auto" },
        BaselineTrainer.LbfgsMaxEnt => new Dictionary<string, string> { ["trainer"] = trainer.Name(), ["l2"] = "1", ["l1"] = "1" },
        BaselineTrainer.LightGbm => new Dictionary<string, string> { ["trainer"] = trainer.Name(), ["iterations"] = "100", ["leaves"] = "31", ["learning_rate"] = "0.2" },
        _ => throw new ArgumentOutOfRangeException(nameof(trainer)),
    };

    private static IEstimator<ITransformer> CreateTrainer(MLContext ml, BaselineTrainer trainer) => trainer switch
    {
        BaselineTrainer.SdcaMaxEnt => ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(),
        BaselineTrainer.LbfgsMaxEnt => ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(
            new LbfgsMaximumEntropyMulticlassTrainer.Options { L2Regularization = 1f, L1Regularization = 1f }),
        BaselineTrainer.LightGbm => ml.MulticlassClassification.Trainers.LightGbm(
            new LightGbmMulticlassTrainer.Options { NumberOfIterations = 100, NumberOfLeaves = 31, LearningRate = 0.2, Seed = 1, NumberOfThreads = Environment.ProcessorCount }),
        _ => throw new ArgumentOutOfRangeException(nameof(trainer)),
    };

    private static IDataView ToDataView(MLContext ml, Dataset d)
    {
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, d.FeatureCount);
        var rows = new Row[d.Count];
        for (int i = 0; i < d.Count; i++)
            rows[i] = new Row { Label = d.Labels![i], Features = d.Row(i).ToArray() };
        return ml.Data.LoadFromEnumerable(rows, schema);
    }
}
