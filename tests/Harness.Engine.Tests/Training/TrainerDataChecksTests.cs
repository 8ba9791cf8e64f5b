using Harness.Data;
using Harness.Engine.Tests.Support;

namespace Harness.Engine.Tests.Training;

/// <summary>Early stopping that could never find a best epoch is refused up front, naming the field.</summary>
public sealed class TrainerDataChecksTests
{
    private static readonly TrainConfig Config = new()
    {
        Hidden = [4],
        Loss = Loss.Quadratic,
        Epochs = 3,
        EarlyStopping = new EarlyStopping { Monitor = Monitor.ValAccuracy, Patience = 1 },
    };

    [Fact]
    public void Val_accuracy_monitor_on_a_split_without_labels_is_rejected()
    {
        var x = new float[] { 0, 1, 2, 3 };
        var y = new float[] { 0, 1, 2, 3 };
        var d = new Dataset("line", x, 1, null, 0, y, 1);
        var e = Assert.Throws<ArgumentException>(() => Trainer.Train(Config, new DataSplits(d, d, d)));
        Assert.Contains("early_stopping.monitor: 'val_accuracy' needs class labels", e.Message);
        Assert.Contains("val_loss", e.Message);
        // Monitoring the loss works on the same data.
        var ok = Trainer.Train(Config with { EarlyStopping = Config.EarlyStopping! with { Monitor = Monitor.ValLoss } }, new DataSplits(d, d, d));
        Assert.True(ok.BestEpoch >= 1);
    }

    [Fact]
    public void Empty_validation_split_with_early_stopping_is_rejected()
    {
        var splits = TestData.BlobSplits();
        var empty = splits.Validation.Slice(0, 0, "no-validation");
        var e = Assert.Throws<ArgumentException>(() => Trainer.Train(Config with { Loss = Loss.SoftmaxCrossEntropy }, new DataSplits(splits.Train, empty, splits.Test)));
        Assert.Contains("early_stopping: validation split 'no-validation' is empty", e.Message);
        // Without early stopping an empty validation split is fine (metrics are NaN).
        var r = Trainer.Train(Config with { Loss = Loss.SoftmaxCrossEntropy, EarlyStopping = null }, new DataSplits(splits.Train, empty, splits.Test));
        Assert.Equal(3, r.History.Count);
        Assert.True(double.IsNaN(r.History[^1].ValidationLoss));
    }
}
