using Harness.Engine;

namespace Harness.Engine.Tests;

public sealed class EarlyStopperTests
{
    private static EpochMetrics Epoch(int epoch, double valAcc = double.NaN, double valLoss = double.NaN) =>
        new(epoch, 1.0, 0.5, valLoss, valAcc, 0.1, 0.01);

    [Fact]
    public void Accuracy_higher_is_better_and_stops_after_patience_epochs_without_improvement()
    {
        var s = new EarlyStopper(new EarlyStopping { Monitor = Monitor.ValAccuracy, Patience = 2 });
        Assert.True(s.Update(Epoch(1, valAcc: 0.80)));
        Assert.True(s.Update(Epoch(2, valAcc: 0.85)));
        Assert.False(s.Update(Epoch(3, valAcc: 0.84)));
        Assert.False(s.ShouldStop);
        Assert.False(s.Update(Epoch(4, valAcc: 0.85))); // equal is not better
        Assert.True(s.ShouldStop);
        Assert.Equal(2, s.BestEpoch);
        Assert.Equal(0.85, s.BestValue);
    }

    [Fact]
    public void Loss_lower_is_better_and_a_new_best_resets_patience()
    {
        var s = new EarlyStopper(new EarlyStopping { Monitor = Monitor.ValLoss, Patience = 2 });
        Assert.True(s.Update(Epoch(1, valLoss: 1.0)));
        Assert.False(s.Update(Epoch(2, valLoss: 1.2)));
        Assert.True(s.Update(Epoch(3, valLoss: 0.9)));
        Assert.False(s.Update(Epoch(4, valLoss: 0.95)));
        Assert.False(s.ShouldStop);
        Assert.False(s.Update(Epoch(5, valLoss: 0.91)));
        Assert.True(s.ShouldStop);
        Assert.Equal(3, s.BestEpoch);
        Assert.Equal(0.9, s.BestValue);
    }

    [Fact]
    public void An_improvement_must_exceed_min_delta()
    {
        var acc = new EarlyStopper(new EarlyStopping { Monitor = Monitor.ValAccuracy, Patience = 5, MinDelta = 0.01 });
        acc.Update(Epoch(1, valAcc: 0.90));
        Assert.False(acc.Update(Epoch(2, valAcc: 0.905)));
        Assert.False(acc.Update(Epoch(3, valAcc: 0.90 + 0.01))); // exactly min delta is not enough
        Assert.True(acc.Update(Epoch(4, valAcc: 0.92)));
        Assert.Equal(4, acc.BestEpoch);

        var loss = new EarlyStopper(new EarlyStopping { Monitor = Monitor.ValLoss, Patience = 5, MinDelta = 0.1 });
        loss.Update(Epoch(1, valLoss: 2.0));
        Assert.False(loss.Update(Epoch(2, valLoss: 1.95)));
        Assert.True(loss.Update(Epoch(3, valLoss: 1.85)));
    }

    [Fact]
    public void NaN_never_counts_as_best_and_counts_against_patience()
    {
        var s = new EarlyStopper(new EarlyStopping { Monitor = Monitor.ValLoss, Patience = 2 });
        Assert.False(s.Update(Epoch(1, valLoss: double.NaN)));
        Assert.Equal(0, s.BestEpoch);
        Assert.True(double.IsNaN(s.BestValue));
        Assert.True(s.Update(Epoch(2, valLoss: 3.0)));
        Assert.False(s.Update(Epoch(3, valLoss: double.NaN)));
        Assert.False(s.Update(Epoch(4, valLoss: double.NaN)));
        Assert.True(s.ShouldStop);
        Assert.Equal(2, s.BestEpoch);
        Assert.Equal(3.0, s.BestValue);
    }

    [Fact]
    public void Zero_patience_stops_at_the_first_epoch_without_improvement()
    {
        var s = new EarlyStopper(new EarlyStopping { Patience = 0 });
        s.Update(Epoch(1, valAcc: 0.5));
        Assert.False(s.ShouldStop);
        s.Update(Epoch(2, valAcc: 0.4));
        Assert.True(s.ShouldStop);
    }

    [Fact]
    public void Bad_settings_name_the_field()
    {
        Assert.Contains("patience", Assert.Throws<ArgumentException>(() => new EarlyStopper(new EarlyStopping { Patience = -1 })).Message);
        Assert.Contains("min_delta", Assert.Throws<ArgumentException>(() => new EarlyStopper(new EarlyStopping { MinDelta = -0.1 })).Message);
        Assert.Contains("min_delta", Assert.Throws<ArgumentException>(() => new EarlyStopper(new EarlyStopping { MinDelta = double.NaN })).Message);
    }
}
