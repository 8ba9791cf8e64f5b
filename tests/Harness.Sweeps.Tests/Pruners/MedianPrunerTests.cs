using Harness.Engine;
using Harness.Store;

namespace Harness.Sweeps.Tests;

public sealed class MedianPrunerTests
{
    private static TrialSnapshot Finished(int n, TrialState state, params double[] curve) =>
        new TrialSnapshot(n, $"k{n}", 0, new Dictionary<string, string>(), state, curve.Length, curve.Max(), null) { ValidationCurve = curve };

    private static List<EpochMetrics> History(params double[] valAcc) =>
        [.. valAcc.Select((v, i) => new EpochMetrics(i + 1, 1, 0.5, 1, v, 0.1, 0.01))];

    private static readonly TrialSnapshot Me = new(99, "me", 0, new Dictionary<string, string>(), TrialState.Running, 0, null, null);

    private static readonly TrialSnapshot[] Peers =
    [
        Finished(0, TrialState.Complete, 0.5, 0.6, 0.7),
        Finished(1, TrialState.Complete, 0.4, 0.7, 0.8),
        Finished(2, TrialState.Pruned, 0.3, 0.35),
        Finished(3, TrialState.Complete, 0.6, 0.65, 0.9),
    ];

    [Fact]
    public void Prunes_below_the_median_of_peers_at_the_same_epoch()
    {
        var p = new MedianPruner(warmupEpochs: 1, minTrials: 4);
        // Epoch 2 best-so-far of peers: 0.6, 0.7, 0.35, 0.65 -> median 0.625.
        Assert.True(p.ShouldPrune(Me, History(0.2, 0.6), Peers));
        Assert.False(p.ShouldPrune(Me, History(0.2, 0.63), Peers));
        // Epoch 3: the pruned peer contributes its last best (0.35): 0.7, 0.8, 0.35, 0.9 -> median 0.75.
        Assert.True(p.ShouldPrune(Me, History(0.2, 0.63, 0.74), Peers));
        Assert.False(p.ShouldPrune(Me, History(0.2, 0.63, 0.76), Peers));
    }

    [Fact]
    public void Waits_for_warmup_and_enough_finished_peers_with_curves()
    {
        Assert.False(new MedianPruner(warmupEpochs: 3, minTrials: 4).ShouldPrune(Me, History(0.0, 0.0), Peers));
        Assert.False(new MedianPruner(minTrials: 5).ShouldPrune(Me, History(0.0), Peers));
        var noCurves = Peers.Select(t => t with { ValidationCurve = null }).ToList();
        Assert.False(new MedianPruner(minTrials: 1).ShouldPrune(Me, History(0.0), noCurves));
        var running = Peers.Select(t => t with { State = TrialState.Running }).ToList();
        Assert.False(new MedianPruner(minTrials: 1).ShouldPrune(Me, History(0.0), running));
        Assert.False(NopPruner.Instance.ShouldPrune(Me, History(0.0), Peers));
    }

    [Fact]
    public void Snapshot_curve_comes_from_epoch_rows_in_epoch_order()
    {
        var t = new TrialRecord { Id = 5, Experiment = "e", Key = "k", ConfigJson = "{}", State = TrialState.Complete };
        var s = TrialSnapshot.WithCurve(t, [new EpochRecord { TrialId = 5, Epoch = 2, ValidationAccuracy = 0.9 }, new EpochRecord { TrialId = 5, Epoch = 1, ValidationAccuracy = 0.4 }]);
        Assert.Equal([0.4, 0.9], s.ValidationCurve);
    }

    [Fact]
    public void Spec_names_the_median_pruner_in_both_forms_and_round_trips()
    {
        var a = Specs.Parse(Specs.Xor("""{ "pruner": "median", "space": { "l2": [0, 0.01] } }"""));
        var m = Assert.IsType<MedianPruner>(a.CreatePruner());
        Assert.Equal((1, 4), (m.WarmupEpochs, m.MinTrials));
        var b = Specs.Parse(Specs.Xor("""{ "pruner": {"median": {"warmup_epochs": 3, "min_trials": 2}}, "space": { "l2": [0, 0.01] } }"""));
        var mb = Assert.IsType<MedianPruner>(b.CreatePruner());
        Assert.Equal((3, 2), (mb.WarmupEpochs, mb.MinTrials));
        Assert.Equal(b.Hash(), Specs.Parse(b.ToJson()).Hash());
        Assert.NotEqual(a.Hash(), b.Hash());
        Assert.IsType<NopPruner>(Specs.Parse(Specs.Xor("""{ "space": { "l2": [0] } }""")).CreatePruner());
    }

    [Fact]
    public void Bad_pruner_settings_are_explained()
    {
        var e = Assert.Single(Specs.Errors(Specs.Xor("""{ "pruner": {"median": {"warmup_epochs": 0}}, "space": { "l2": [0] } }""")));
        Assert.StartsWith("test.json: search.pruner.median.warmup_epochs: 0 is not allowed", e);
        var f = Assert.Single(Specs.Errors(Specs.Xor("""{ "pruner": "successive", "space": { "l2": [0] } }""")));
        Assert.Contains("search.pruner: \"successive\" is not allowed", f);
        Assert.Contains("median", f);
    }
}
