namespace Harness.Engine;

/// <summary>
/// A cohort on the CPU: each epoch, the active members train one after another. Members share the dataset (and
/// its standardized copy) and, since only one trains at a time, one set of ops and one evaluation pool, sized by
/// the largest <see cref="TrainConfig.Threads"/> among them (results never depend on it); nothing else.
/// </summary>
internal sealed class CpuCohort : ICheckpointCohort
{
    private readonly CpuMember[] _members;
    private readonly CpuOps _ops;
    private readonly WorkerPool _evalPool;

    public CpuCohort(CpuData data, IReadOnlyList<TrainConfig> members)
    {
        TrainingChecks.Check(data.Splits, members);
        var train = data.Splits.Train;
        Architecture = Architecture.Of(members[0], train.FeatureCount, train.OutputCount, train.Shape);
        Labelled = train.Labels is not null;
        var prepared = data.Prepared(members[0].Standardize);
        int threads = members.Max(c => WorkerPool.Resolve(c.Threads));
        _ops = new CpuOps(threads);
        _evalPool = new WorkerPool(threads);
        _members = new CpuMember[members.Count];
        try
        {
            for (int m = 0; m < members.Count; m++) _members[m] = new CpuMember(members[m], prepared, _ops, _evalPool);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public Architecture Architecture { get; }
    public int Count => _members.Length;
    public bool Labelled { get; }

    public bool IsActive(int member) => Member(member).Active;

    public IReadOnlyList<MemberEpoch?> RunEpoch(CancellationToken cancellationToken)
    {
        var results = new MemberEpoch?[_members.Length];
        for (int m = 0; m < _members.Length; m++)
            if (_members[m].Active) results[m] = _members[m].RunEpoch(cancellationToken);
        return results;
    }

    public void Stop(int member) => Member(member).Active = false;

    public void KeepBest(int member) => Member(member).KeepBest();

    public Model Export(int member, bool best) => Member(member).Export(best);

    public void Checkpoint(int member, Stream into) => Member(member).Checkpoint(into);

    public int Restore(int member, byte[] state)
    {
        var m = Member(member);
        m.Restore(state);
        return m.Epochs;
    }

    private CpuMember Member(int member) => (uint)member < (uint)_members.Length ? _members[member]
        : throw new ArgumentOutOfRangeException(nameof(member), member, $"member must be in [0, {_members.Length})");

    public void Dispose()
    {
        _ops.Dispose();
        _evalPool.Dispose();
    }
}
