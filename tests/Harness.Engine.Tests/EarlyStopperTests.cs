namespace Harness.Engine.Tests;

public sealed class EarlyStopperTests
{
    private static EpochMetrics Acc(int epoch, double acc) => new(epoch, 0, 0, 1 - acc, acc, 0.1, 0);
    private static EpochMetrics Loss(int epoch, double loss) => new(epoch, 0, 0, loss, double.NaN, 0.1, 0);

    /// <summary>Feeds the values; returns the 1-based epoch at which ShouldStop first turned true (0 = never) and the new-best flags.</summary>
    private static (int StopEpoch, bool[] Bests, EarlyStopper Stopper) Run(EarlyStopping s, double[] values)
    {
        var stopper = new EarlyStopper(s);
        var bests = new bool[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            var m = s.Monitor == Monitor.ValAccuracy ? Acc(i + 1, values[i]) : Loss(i + 1, values[i]);
            bests[i] = stopper.Update(m);
            if (stopper.ShouldStop) return (i + 1, bests[..(i + 1)], stopper);
        }
        return (0, bests, stopper);
    }

    [Fact]
    public void Accuracy_stops_after_patience_epochs_without_improvement()
    {
        var (stop, bests, s) = Run(new EarlyStopping { Monitor = Monitor.ValAccuracy, Patience = 3 },
            [0.80, 0.85, 0.84, 0.85, 0.86, 0.86, 0.85, 0.70, 0.99]);
        Assert.Equal([true, true, false, false, true, false, false, false], bests);
        Assert.Equal(8, stop);
        Assert.Equal(5, s.BestEpoch);
        Assert.Equal(0.86, s.BestValue);
    }

    [Fact]
    public void Loss_lower_is_better()
    {
        var (stop, bests, s) = Run(new EarlyStopping { Monitor = Monitor.ValLoss, Patience = 2 },
            [1.0, 0.5, 0.6, 0.4, 0.45, 0.41, 0.1]);
        Assert.Equal([true, true, false, true, false, false], bests);
        Assert.Equal(6, stop);
        Assert.Equal(4, s.BestEpoch);
        Assert.Equal(0.4, s.BestValue);
    }

    [Fact]
    public void An_improvement_must_exceed_min_delta()
    {
        var (stop, bests, s) = Run(new EarlyStopping { Monitor = Monitor.ValAccuracy, Patience = 2, MinDelta = 0.01 },
            [0.90, 0.905, 0.92, 0.925, 0.929]);
        // 0.905 is within 0.01 of 0.90; 0.92 beats 0.90 by 0.02; 0.925 and 0.929 do not beat 0.92 by more than 0.01.
        Assert.Equal([true, false, true, false, false], bests);
        Assert.Equal(5, stop);
        Assert.Equal(3, s.BestEpoch);

        var loss = Run(new EarlyStopping { Monitor = Monitor.ValLoss, Patience = 5, MinDelta = 0.1 }, [1.0, 0.95, 0.85, 0.76]);
        Assert.Equal([true, false, true, false], loss.Bests);
        Assert.Equal(3, loss.Stopper.BestEpoch);
    }

    [Fact]
    public void NaN_never_counts_as_best()
    {
        var (stop, bests, s) = Run(new EarlyStopping { Monitor = Monitor.ValLoss, Patience = 2 },
            [double.NaN, 0.9, double.NaN, 0.8, double.PositiveInfinity, double.NaN]);
        Assert.Equal([false, true, false, true, false, false], bests);
        Assert.Equal(6, stop);
        Assert.Equal(4, s.BestEpoch);
        Assert.Equal(0.8, s.BestValue);

        var none = Run(new EarlyStopping { Monitor = Monitor.ValAccuracy, Patience = 3 }, [double.NaN, double.NaN, double.NaN]);
        Assert.Equal(3, none.StopEpoch);
        Assert.Equal(0, none.Stopper.BestEpoch);
        Assert.True(double.IsNaN(none.Stopper.BestValue));
    }

    [Fact]
    public void Patience_zero_stops_at_the_first_epoch_that_does_not_improve()
    {
        var (stop, _, _) = Run(new EarlyStopping { Patience = 0 }, [0.5, 0.6, 0.7, 0.7, 0.9]);
        Assert.Equal(4, stop);
    }

    [Fact]
    public void Never_stops_while_improving()
    {
        var (stop, bests, s) = Run(new EarlyStopping { Patience = 1 }, [0.1, 0.2, 0.3, 0.4]);
        Assert.Equal(0, stop);
        Assert.All(bests, Assert.True);
        Assert.Equal(4, s.BestEpoch);
    }

    [Fact]
    public void Bad_settings_name_the_field()
    {
        Assert.StartsWith("early_stopping.patience:",
            Assert.Throws<ArgumentException>(() => new EarlyStopper(new EarlyStopping { Patience = -1 })).Message);
        Assert.StartsWith("early_stopping.min_delta:",
            Assert.Throws<ArgumentException>(() => new EarlyStopper(new EarlyStopping { MinDelta = double.NaN })).Message);
    }
}
