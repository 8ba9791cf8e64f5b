using LiteDB;

namespace Harness.Store;

/// <summary>
/// Hand-written BSON mapping for the store's records: field names equal the record's property names,
/// times are BSON dates (UTC, milliseconds), enums are their names, Params is an array of {Name, Value}
/// pairs (so any parameter name is allowed, dots and dollars included).
/// </summary>
internal static class StoreDocuments
{
    public const string Experiments = "experiments";
    public const string Trials = "trials";
    public const string Epochs = "epochs";

    /// <summary>Field holding Experiment, Version and Key joined: unique, so a planned trial exists once.</summary>
    public const string Slot = "Slot";

    /// <summary>Start time of the claiming process (not on <see cref="TrialRecord"/>; used to spot recycled pids).</summary>
    public const string ProcessStartUtc = "ProcessStartUtc";

    private const char Separator = '\u001f';

    public static string ExperimentId(string name, int version) => $"{name}{Separator}{version}";

    public static string SlotOf(string experiment, int version, string key) =>
        $"{experiment}{Separator}{version}{Separator}{key}";

    public static string EpochId(long trialId, int epoch) => $"{trialId}:{epoch}";

    public static string ModelId(long trialId) => $"trial-{trialId}";

    /// <summary>The file of a trial's checkpoint; its metadata holds the epochs it has run.</summary>
    public static string CheckpointId(long trialId) => $"checkpoint-{trialId}";

    // ---- experiments ----

    public static BsonDocument ToDocument(ExperimentRecord e) => new()
    {
        ["_id"] = ExperimentId(e.Name, e.Version),
        ["Name"] = e.Name,
        ["Version"] = e.Version,
        ["SpecJson"] = e.SpecJson,
        ["SpecHash"] = e.SpecHash,
        ["CreatedUtc"] = e.CreatedUtc,
    };

    public static ExperimentRecord ToExperiment(BsonDocument d) => new()
    {
        Name = d["Name"].AsString,
        Version = d["Version"].AsInt32,
        SpecJson = d["SpecJson"].AsString,
        SpecHash = d["SpecHash"].AsString,
        CreatedUtc = Utc(d["CreatedUtc"]) ?? default,
    };

    // ---- trials ----

    /// <summary>The document for a trial; the _id is left out when <paramref name="t"/>.Id is 0 (auto id on insert).</summary>
    public static BsonDocument ToDocument(TrialRecord t, DateTime? processStartUtc)
    {
        var parameters = new BsonArray();
        foreach (var (name, value) in t.Params.OrderBy(p => p.Key, StringComparer.Ordinal))
            parameters.Add(new BsonDocument { ["Name"] = name, ["Value"] = value });

        var d = new BsonDocument();
        if (t.Id != 0) d["_id"] = t.Id;
        d["Experiment"] = t.Experiment;
        d["Version"] = t.Version;
        d[Slot] = SlotOf(t.Experiment, t.Version, t.Key);
        d["Number"] = t.Number;
        d["Key"] = t.Key;
        d["Repeat"] = t.Repeat;
        d["Seed"] = t.Seed;
        d["Params"] = parameters;
        d["ConfigJson"] = t.ConfigJson;
        d["State"] = t.State.ToString();
        d["Engine"] = Str(t.Engine);
        d["Device"] = Str(t.Device);
        d["Host"] = Str(t.Host);
        d["ProcessId"] = t.ProcessId is { } pid ? new BsonValue(pid) : BsonValue.Null;
        d[ProcessStartUtc] = Date(processStartUtc);
        d["CreatedUtc"] = t.CreatedUtc;
        d["StartedUtc"] = Date(t.StartedUtc);
        d["HeartbeatUtc"] = Date(t.HeartbeatUtc);
        d["FinishedUtc"] = Date(t.FinishedUtc);
        d["Seconds"] = Num(t.Seconds);
        d["EpochsRun"] = t.EpochsRun;
        d["BestEpoch"] = t.BestEpoch is { } b ? new BsonValue(b) : BsonValue.Null;
        d["ValidationAccuracy"] = Num(t.ValidationAccuracy);
        d["ValidationLoss"] = Num(t.ValidationLoss);
        d["TestAccuracy"] = Num(t.TestAccuracy);
        d["TestLoss"] = Num(t.TestLoss);
        d["Error"] = Str(t.Error);
        return d;
    }

    public static TrialRecord ToTrial(BsonDocument d)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in d["Params"].AsArray)
            parameters[p["Name"].AsString] = p["Value"].AsString;
        return new TrialRecord
        {
            Id = d["_id"].AsInt64,
            Experiment = d["Experiment"].AsString,
            Version = d["Version"].AsInt32,
            Number = d["Number"].AsInt32,
            Key = d["Key"].AsString,
            Repeat = d["Repeat"].AsInt32,
            Seed = d["Seed"].AsInt32,
            Params = parameters,
            ConfigJson = d["ConfigJson"].AsString,
            State = Enum.Parse<TrialState>(d["State"].AsString),
            Engine = OptStr(d["Engine"]),
            Device = OptStr(d["Device"]),
            Host = OptStr(d["Host"]),
            ProcessId = d["ProcessId"].IsNull ? null : d["ProcessId"].AsInt32,
            CreatedUtc = Utc(d["CreatedUtc"]) ?? default,
            StartedUtc = Utc(d["StartedUtc"]),
            HeartbeatUtc = Utc(d["HeartbeatUtc"]),
            FinishedUtc = Utc(d["FinishedUtc"]),
            Seconds = OptNum(d["Seconds"]),
            EpochsRun = d["EpochsRun"].AsInt32,
            BestEpoch = d["BestEpoch"].IsNull ? null : d["BestEpoch"].AsInt32,
            ValidationAccuracy = OptNum(d["ValidationAccuracy"]),
            ValidationLoss = OptNum(d["ValidationLoss"]),
            TestAccuracy = OptNum(d["TestAccuracy"]),
            TestLoss = OptNum(d["TestLoss"]),
            Error = OptStr(d["Error"]),
        };
    }

    // ---- epochs ----

    public static BsonDocument ToDocument(EpochRecord e) => new()
    {
        ["_id"] = EpochId(e.TrialId, e.Epoch),
        ["TrialId"] = e.TrialId,
        ["Epoch"] = e.Epoch,
        ["TrainLoss"] = e.TrainLoss,
        ["TrainAccuracy"] = e.TrainAccuracy,
        ["ValidationLoss"] = e.ValidationLoss,
        ["ValidationAccuracy"] = e.ValidationAccuracy,
        ["LearningRate"] = e.LearningRate,
        ["Seconds"] = e.Seconds,
    };

    public static EpochRecord ToEpoch(BsonDocument d) => new()
    {
        TrialId = d["TrialId"].AsInt64,
        Epoch = d["Epoch"].AsInt32,
        TrainLoss = d["TrainLoss"].AsDouble,
        TrainAccuracy = d["TrainAccuracy"].AsDouble,
        ValidationLoss = d["ValidationLoss"].AsDouble,
        ValidationAccuracy = d["ValidationAccuracy"].AsDouble,
        LearningRate = d["LearningRate"].AsDouble,
        Seconds = d["Seconds"].AsDouble,
    };

    // ---- value helpers ----

    private static BsonValue Str(string? s) => s is null ? BsonValue.Null : new BsonValue(s);
    private static BsonValue Num(double? v) => v is { } x ? new BsonValue(x) : BsonValue.Null;
    private static BsonValue Date(DateTime? t) => t is { } x ? new BsonValue(x) : BsonValue.Null;
    private static string? OptStr(BsonValue v) => v.IsNull ? null : v.AsString;
    private static double? OptNum(BsonValue v) => v.IsNull ? null : v.AsDouble;

    /// <summary>LiteDB hands dates back in local time unless told otherwise; the store speaks UTC only.</summary>
    private static DateTime? Utc(BsonValue v) => v.IsNull ? null : DateTime.SpecifyKind(v.AsDateTime.ToUniversalTime(), DateTimeKind.Utc);
}
