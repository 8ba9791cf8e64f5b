using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Harness.Data;

/// <summary>
/// Which data a run trains on and how it is split; embedded as <c>"dataset": {...}</c> in experiment files and
/// <c>train --config</c> (snake_case JSON, see <see cref="JsonOptions"/>). Fields a set does not use stay null.
/// <list type="bullet">
/// <item><c>mnist</c>, split <c>standard</c>: first 50,000 training images train, last 10,000 validate, the official
/// 10,000 test (what published tables use); split <c>stratified</c>: a seeded stratified split of all 70,000.</item>
/// <item><c>idx</c>: any folder of the four IDX files (<see cref="Idx.IdxFolder"/>; Fashion-MNIST, KMNIST, your own),
/// split like mnist: split <c>standard</c> validates on the last sixth of the training file (10,000 of 60,000),
/// tests on the test file; split <c>stratified</c> as for mnist. Headers are validated, no checksums.</item>
/// <item><c>xor</c>, <c>spirals</c>, <c>moons</c>, <c>function</c>: synthetic (<see cref="Synthetic"/>); <c>csv</c>: a file
/// (<see cref="CsvDataset"/>). For these, split <c>standard</c> means a fixed stratified 60/20/20 split seeded by
/// <see cref="SplitSeed"/>. Exception: <c>xor</c> without <see cref="Samples"/> is the 4-point truth table, used
/// whole as train, validation and test.</item>
/// </list>
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record DatasetSpec
{
    public static readonly IReadOnlyList<string> Names = ["mnist", "idx", "xor", "spirals", "moons", "function", "csv"];
    public static readonly IReadOnlyList<string> SplitNames = ["standard", "stratified"];

    /// <summary>Fractions used by split "standard" on every set except mnist (test = the remaining 0.2).</summary>
    public const double StandardTrainFraction = 0.6, StandardValidationFraction = 0.2;
    /// <summary>Defaults for split "stratified" when the fractions are not given.</summary>
    public const double DefaultTrainFraction = 0.6, DefaultValidationFraction = 0.2;
    public const int DefaultSamples = 1000;

    /// <summary>mnist | idx | xor | spirals | moons | function | csv.</summary>
    public string Name { get; init; } = "mnist";
    /// <summary>standard | stratified.</summary>
    public string Split { get; init; } = "standard";
    /// <summary>Stratified split: share of examples that train, in (0, 1); default 0.6.</summary>
    public double? TrainFraction { get; init; }
    /// <summary>Stratified split: share that validates, in (0, 1); default 0.2. Test is the rest.</summary>
    public double? ValidationFraction { get; init; }
    /// <summary>Seed of the stratified split (also of the fixed 60/20/20 split of non-MNIST sets).</summary>
    public int SplitSeed { get; init; }
    /// <summary>Keep only the first N training examples (quick sweeps and tests).</summary>
    public int? TrainLimit { get; init; }
    /// <summary>Keep only the first N validation examples.</summary>
    public int? ValidationLimit { get; init; }
    /// <summary>Keep only the first N test examples.</summary>
    public int? TestLimit { get; init; }
    /// <summary>Synthetic sets: number of points (default 1000; xor without it is the 4-point table).</summary>
    public int? Samples { get; init; }
    /// <summary>Synthetic sets: Gaussian noise standard deviation (defaults: xor 0.1, spirals 0.1, moons 0.1, function 0).</summary>
    public double? Noise { get; init; }
    /// <summary>Synthetic sets: generator seed.</summary>
    public int Seed { get; init; }
    /// <summary>name "function": the target curve, one of <see cref="Synthetic.FunctionNames"/> (default sin).</summary>
    public string? Function { get; init; }
    /// <summary>name "csv": the file; name "idx": the folder of IDX files (relative paths are resolved against the current folder).</summary>
    public string? Path { get; init; }
    /// <summary>name "csv": the column holding class labels; every other column is a numeric feature.</summary>
    public string? LabelColumn { get; init; }

    /// <summary>snake_case names, nulls omitted, unknown fields rejected, comments and trailing commas allowed.</summary>
    public static readonly JsonSerializerOptions JsonOptions = CreateJsonOptions();

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Parses a spec; malformed JSON or an unknown field throws <see cref="JsonException"/> naming the path.</summary>
    public static DatasetSpec FromJson(string json) =>
        JsonSerializer.Deserialize<DatasetSpec>(json, JsonOptions) ?? throw new JsonException("dataset: null is not a dataset spec");

    /// <summary>Every problem with the spec, each naming its field as <c>dataset.field</c>; empty when valid.</summary>
    /// <summary>
    /// The image shape and class count known before loading (MNIST: 1x28x28, 10 classes), so layer lists can be
    /// checked when an experiment file is read; null when only the loaded data tells (IDX folders, CSV, synthetic).
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public (ImageShape Shape, int Classes)? KnownImages => Name == "mnist" ? (new ImageShape(1, 28, 28), 10) : null;

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        var inv = CultureInfo.InvariantCulture;
        if (!Names.Contains(Name))
            errors.Add($"dataset.name: '{Name}' is not a known dataset; allowed: {string.Join(", ", Names)}");
        if (!SplitNames.Contains(Split))
            errors.Add($"dataset.split: '{Split}' is not a known split; allowed: {string.Join(", ", SplitNames)}");
        if (TrainFraction is { } tf && !(tf > 0 && tf < 1))
            errors.Add(string.Create(inv, $"dataset.train_fraction: {tf} is outside (0, 1)"));
        if (ValidationFraction is { } vf && !(vf > 0 && vf < 1))
            errors.Add(string.Create(inv, $"dataset.validation_fraction: {vf} is outside (0, 1)"));
        double trainShare = TrainFraction ?? DefaultTrainFraction, validationShare = ValidationFraction ?? DefaultValidationFraction;
        if (trainShare is > 0 and < 1 && validationShare is > 0 and < 1 && trainShare + validationShare >= 1)
            errors.Add(string.Create(inv,
                $"dataset.train_fraction + dataset.validation_fraction: {trainShare + validationShare} must be below 1 (the rest is the test split)"));
        if ((TrainFraction is not null || ValidationFraction is not null) && Split != "stratified")
            errors.Add("dataset.train_fraction/validation_fraction: only used with split 'stratified'");
        CheckLimit(errors, "train_limit", TrainLimit);
        CheckLimit(errors, "validation_limit", ValidationLimit);
        CheckLimit(errors, "test_limit", TestLimit);

        bool synthetic = Name is "xor" or "spirals" or "moons" or "function";
        if (Samples is { } n && (n < 10 || n > 10_000_000))
            errors.Add($"dataset.samples: {n} is outside [10, 10000000]");
        if (Samples is not null && !synthetic)
            errors.Add($"dataset.samples: only used by synthetic sets (xor, spirals, moons, function), not '{Name}'");
        if (Noise is { } noise && !(noise >= 0 && double.IsFinite(noise)))
            errors.Add(string.Create(inv, $"dataset.noise: {noise} must be a finite number >= 0"));
        if (Noise is not null && !synthetic)
            errors.Add($"dataset.noise: only used by synthetic sets (xor, spirals, moons, function), not '{Name}'");
        if (Function is not null && Name != "function")
            errors.Add($"dataset.function: only used with name 'function', not '{Name}'");
        if (Name == "function" && Function is not null && !Synthetic.FunctionNames.Contains(Function))
            errors.Add($"dataset.function: '{Function}' is not known; allowed: {string.Join(", ", Synthetic.FunctionNames)}");
        if (Name == "csv")
        {
            if (string.IsNullOrWhiteSpace(Path)) errors.Add("dataset.path: required for name 'csv' (the CSV file)");
            if (string.IsNullOrWhiteSpace(LabelColumn)) errors.Add("dataset.label_column: required for name 'csv' (the column holding class labels)");
        }
        else
        {
            if (Name == "idx" && string.IsNullOrWhiteSpace(Path))
                errors.Add("dataset.path: required for name 'idx' (the folder holding the four IDX files; `train` and `evaluate` also take it as --data-dir)");
            if (Path is not null && Name != "idx") errors.Add($"dataset.path: only used with names 'csv' and 'idx', not '{Name}'");
            if (LabelColumn is not null) errors.Add($"dataset.label_column: only used with name 'csv', not '{Name}'");
        }
        return errors;
    }

    /// <summary>
    /// For name "idx", the spec with <see cref="Path"/> set to <paramref name="folder"/> (a --data-dir option, which
    /// overrides a path from a file); any other spec, or no folder, is returned as it is.
    /// </summary>
    public DatasetSpec WithIdxFolder(string? folder) =>
        Name == "idx" && !string.IsNullOrWhiteSpace(folder) ? this with { Path = System.IO.Path.GetFullPath(folder) } : this;

    private static void CheckLimit(List<string> errors, string field, int? limit)
    {
        if (limit is { } n && n <= 0) errors.Add($"dataset.{field}: {n} must be a positive number of examples");
    }

    private static JsonSerializerOptions CreateJsonOptions()
    {
        var o = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            ReadCommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            WriteIndented = true,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        o.MakeReadOnly(populateMissingResolver: true);
        return o;
    }
}
