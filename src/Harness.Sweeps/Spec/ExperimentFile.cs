using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Harness.Data;
using Harness.Engine;
using Harness.Store;

namespace Harness.Sweeps;

/// <summary>
/// Reads and validates experiment files (JSON, comments and trailing commas allowed, snake_case names).
/// Nothing trains from a file that fails here: every problem is reported at once, each naming the file, the
/// JSON path (<c>search.space.activation[2]</c>), the bad value and what is allowed; syntax errors give
/// line and column. See docs/experiments.md for the format.
/// </summary>
public static class ExperimentFile
{
    /// <summary>Top-level fields an experiment file may hold.</summary>
    public static readonly IReadOnlyList<string> Fields = ["name", "description", "dataset", "engine", "base", "repeats", "search"];
    private static readonly string[] SearchFields = ["strategy", "trials", "seed", "pruner", "space"];
    private const int MaxTrials = 100_000, MaxDepth = 32, MaxRepeats = 1000;

    /// <summary>
    /// Loads and validates a file; throws <see cref="ExperimentValidationException"/> or <see cref="FileNotFoundException"/>.
    /// <paramref name="trials"/> (<c>sweep --trials</c>) replaces a random search's search.trials; see <see cref="Parse"/>.
    /// </summary>
    public static ExperimentSpec Load(string path, int? trials = null)
    {
        if (Directory.Exists(path)) throw new FileNotFoundException($"experiment file '{path}' is a folder; give a JSON file (e.g. experiments/quick.json)", path);
        if (!File.Exists(path)) throw new FileNotFoundException($"experiment file '{path}' does not exist", path);
        return Parse(File.ReadAllText(path), path, trials);
    }

    /// <summary>
    /// The spec a stored experiment version was created with, or null where its JSON no longer reads as one (a store
    /// written by another Harness, or damaged).
    /// </summary>
    public static ExperimentSpec? ParseStored(ExperimentRecord stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        try { return Parse(stored.SpecJson, $"stored spec of {stored.Name} v{stored.Version}"); }
        catch (Exception e) when (e is ExperimentValidationException or JsonException or InvalidDataException) { return null; }
    }

    /// <summary>
    /// Parses and validates experiment JSON; <paramref name="source"/> names it in messages. A non-null
    /// <paramref name="trials"/> replaces search.trials (and may stand in for a missing one); it is an error for a grid.
    /// </summary>
    public static ExperimentSpec Parse(string json, string source = "experiment", int? trials = null)
    {
        if (string.IsNullOrWhiteSpace(json))
            throw new ExperimentValidationException(source, [$"{source}: the file is empty; an experiment file is {{\"name\": ..., \"dataset\": {{...}}, \"base\": {{...}}, \"search\": {{...}}}} (docs/experiments.md)"]);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            var message = e.Message;
            var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            if (cut > 0) message = message[..cut].TrimEnd();
            throw new ExperimentValidationException(source,
                [$"{source}:{(e.LineNumber ?? 0) + 1}:{(e.BytePositionInLine ?? 0) + 1}: JSON syntax error: {message}"]);
        }
        using (doc)
        {
            var errors = new List<string>();
            var spec = Read(doc.RootElement, errors, trials);
            if (errors.Count > 0 || spec is null)
                throw new ExperimentValidationException(source, [.. errors.Select(e => $"{source}: {e}")]);
            return spec;
        }
    }

    private static ExperimentSpec? Read(JsonElement root, List<string> errors, int? trialsOverride)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"(root): {Show(root)} is not an object; an experiment file is {{\"name\": ..., \"dataset\": {{...}}, \"base\": {{...}}, \"search\": {{...}}}}");
            return null;
        }
        foreach (var p in root.EnumerateObject())
            if (!Fields.Contains(p.Name))
                errors.Add($"{p.Name}: unknown field{NearestName.Hint(p.Name, Fields)}; allowed: {string.Join(", ", Fields)}");

        string? name = null;
        if (!root.TryGetProperty("name", out var nameEl)) errors.Add($"name: missing; give the experiment a name: {ExperimentNames.Rule}");
        else if (nameEl.ValueKind != JsonValueKind.String)
            errors.Add($"name: {Show(nameEl)} is not allowed; a string of {ExperimentNames.Rule}");
        else if (ExperimentNames.Problem(nameEl.GetString()) is { } problem)
            errors.Add($"name: {Show(nameEl)} is not allowed ({problem}); use {ExperimentNames.Rule}");
        else name = nameEl.GetString();

        string? description = null;
        if (root.TryGetProperty("description", out var descEl))
        {
            if (descEl.ValueKind == JsonValueKind.String) description = descEl.GetString();
            else errors.Add($"description: {Show(descEl)} is not a string");
        }

        var engine = "auto";
        if (root.TryGetProperty("engine", out var engineEl))
        {
            if (engineEl.ValueKind == JsonValueKind.String && EngineChoice.Names.Contains(engineEl.GetString()))
                engine = engineEl.GetString()!;
            else errors.Add($"engine: {Show(engineEl)} is not allowed; allowed: {string.Join(", ", EngineChoice.Names)}");
        }

        DatasetSpec? dataset = null;
        if (!root.TryGetProperty("dataset", out var dataEl)) errors.Add("dataset: missing; e.g. {\"name\": \"mnist\", \"train_limit\": 10000}");
        else if (ConfigFileCheck.Dataset(dataEl, "dataset") is { Count: > 0 } datasetProblems) errors.AddRange(datasetProblems);
        else
        {
            try
            {
                dataset = DatasetSpec.FromJson(dataEl.GetRawText());
                errors.AddRange(dataset.Validate());
            }
            catch (JsonException e) { errors.Add($"dataset{PathOf(e)}: {Clean(e.Message)}"); }
        }

        TrainConfig? baseConfig = null, soundBase = null;
        if (!root.TryGetProperty("base", out var baseEl)) baseConfig = new TrainConfig();
        else if (ConfigFileCheck.TrainConfig(baseEl, "base") is { Count: > 0 } baseProblems)
        {
            errors.AddRange(baseProblems);
            // the base's other fields and the search's knob values are still checked, against the sound fields
            soundBase = ConfigFileCheck.SoundFields(baseEl);
            if (soundBase is not null) errors.AddRange(ConfigValidator.Validate(soundBase).Select(m => "base." + m));
        }
        else
        {
            try
            {
                baseConfig = baseEl.Deserialize<TrainConfig>(EngineJson.Options) ?? throw new JsonException("null is not a training configuration");
                errors.AddRange(ConfigValidator.Validate(baseConfig).Select(m => "base." + m));
            }
            catch (JsonException e) { errors.Add($"base{PathOf(e)}: {Clean(e.Message)}"); }
        }

        int repeats = 1;
        if (root.TryGetProperty("repeats", out var repEl))
        {
            if (repEl.ValueKind == JsonValueKind.Number && repEl.TryGetInt32(out var r) && r is >= 1 and <= MaxRepeats) repeats = r;
            else errors.Add($"repeats: {Show(repEl)} is not allowed; an integer in [1, {MaxRepeats}] (seeds per configuration: base.seed + 0..repeats-1)");
        }

        SearchSpec? search = null;
        if (!root.TryGetProperty("search", out var searchEl)) errors.Add("search: missing; e.g. {\"strategy\": \"grid\", \"space\": {\"learning_rate\": [0.1, 0.01]}}");
        else search = ReadSearch(searchEl, baseConfig, soundBase, dataset, errors, trialsOverride);

        if (errors.Count > 0 || name is null || dataset is null || baseConfig is null || search is null) return null;
        var spec = new ExperimentSpec
        {
            Name = name,
            Description = description,
            Dataset = dataset,
            Engine = engine,
            Base = baseConfig,
            Repeats = repeats,
            Search = search,
        };
        CheckResolvedConfigs(spec, errors);
        return errors.Count > 0 ? null : spec;
    }

    /// <summary>The search object; <paramref name="soundBase"/> stands in for a base with problems when knob values are checked.</summary>
    private static SearchSpec? ReadSearch(JsonElement el, TrainConfig? baseConfig, TrainConfig? soundBase, DatasetSpec? dataset, List<string> errors, int? trialsOverride)
    {
        if (el.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"search: {Show(el)} is not an object");
            return null;
        }
        foreach (var p in el.EnumerateObject())
            if (!SearchFields.Contains(p.Name))
                errors.Add($"search.{p.Name}: unknown field{NearestName.Hint(p.Name, SearchFields)}; allowed: {string.Join(", ", SearchFields)}");

        var strategy = SearchSpec.Grid;
        TpeOptions? tpe = null;
        if (el.TryGetProperty("strategy", out var sEl)) (strategy, tpe) = SamplerJson.Read(sEl, errors);
        bool sampled = strategy is SearchSpec.Random or SearchSpec.Tpe;
        int? trials = null;
        if (el.TryGetProperty("trials", out var tEl))
        {
            if (!sampled) errors.Add("search.trials: only used by strategies 'random' and 'tpe' (a grid runs every combination)");
            else if (tEl.ValueKind == JsonValueKind.Number && tEl.TryGetInt32(out var t) && t is >= 1 and <= MaxTrials) trials = t;
            else errors.Add($"search.trials: {Show(tEl)} is not allowed; an integer in [1, {MaxTrials}]");
        }
        if (trialsOverride is { } over)
        {
            if (!sampled)
                errors.Add($"--trials: {over} is not allowed here; search.strategy is '{strategy}', which runs every combination of the space (--trials sets a random or TPE search's trial count)");
            else if (over is < 1 or > MaxTrials) errors.Add($"--trials: {over} is not allowed; an integer in [1, {MaxTrials}]");
            else trials = over;
        }
        else if (sampled && trials is null && !el.TryGetProperty("trials", out _))
            errors.Add($"search.trials: missing; strategy '{strategy}' needs the number of configurations to draw, an integer in [1, {MaxTrials}] (e.g. \"trials\": 20; `sweep --trials N` overrides it)");
        int seed = 0;
        if (el.TryGetProperty("seed", out var seedEl))
        {
            if (!sampled) errors.Add("search.seed: only used by strategies 'random' and 'tpe' (the sampler's seed; trial seeds come from base.seed)");
            else if (seedEl.ValueKind == JsonValueKind.Number && seedEl.TryGetInt32(out var s)) seed = s;
            else errors.Add($"search.seed: {Show(seedEl)} is not allowed; an integer");
        }
        if (!el.TryGetProperty("space", out var spaceEl))
        {
            errors.Add("search.space: missing; name at least one knob, e.g. {\"learning_rate\": [0.1, 0.01]}");
            return null;
        }
        var space = ReadSpace(spaceEl, strategy, baseConfig, soundBase, dataset, errors);
        if (space is null) return null;
        var search = new SearchSpec { Strategy = strategy, TpeSettings = tpe, Trials = trials, Seed = seed, Space = space };
        return el.TryGetProperty("pruner", out var pEl) ? PrunerJson.Read(pEl, search, errors) : search;
    }

    private static SearchSpace? ReadSpace(JsonElement el, string strategy, TrainConfig? baseConfig, TrainConfig? soundBase, DatasetSpec? dataset, List<string> errors)
    {
        if (el.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"search.space: {Show(el)} is not an object of dimensions");
            return null;
        }
        int before = errors.Count;
        Distribution? depth = null, width = null, widths = null;
        var knobs = new SortedDictionary<string, Distribution>(StringComparer.Ordinal);
        bool wholeLists = el.TryGetProperty("layers", out _);
        foreach (var p in el.EnumerateObject())
        {
            var path = "search.space." + p.Name;
            bool architecture = p.Name is SearchSpace.DepthName or SearchSpace.WidthName or SearchSpace.WidthsName;
            LayerKnob? layerKnob = null;
            if (LayerKnob.Looks(p.Name))
            {
                if (baseConfig is null || (layerKnob = LayerKnobCheck.Name(p.Name, path, baseConfig, wholeLists, errors)) is null) continue;
            }
            else if (!architecture && !Knobs.All.ContainsKey(p.Name))
            {
                errors.Add($"{path}: unknown dimension{NearestName.Hint(p.Name, [SearchSpace.DepthName, SearchSpace.WidthName, SearchSpace.WidthsName, .. Knobs.All.Keys, .. LayerKnobCheck.Offered(baseConfig)])}; allowed: depth, width, widths, a layer knob ({LayerKnob.Forms}), or a knob: {string.Join(", ", Knobs.All.Keys)}");
                continue;
            }
            var d = ReadDistribution(p.Value, path, errors);
            if (d is null) continue;
            if (strategy == SearchSpec.Grid && d.IsContinuous)
            {
                errors.Add($"{path}: {Show(p.Value)} is continuous; grid search needs a list of values or an int range (use strategy 'random' or 'tpe' for uniform/log_uniform)");
                continue;
            }
            if (architecture)
            {
                int min = p.Name == SearchSpace.DepthName ? 0 : 1, max = p.Name == SearchSpace.DepthName ? MaxDepth : 1_000_000;
                if (!CheckIntegers(d, path, min, max, errors)) continue;
                if (p.Name == SearchSpace.DepthName) depth = d;
                else if (p.Name == SearchSpace.WidthName) width = d;
                else widths = d;
            }
            else if (layerKnob is not null)
            {
                if (LayerKnobCheck.Values(layerKnob, d, path, baseConfig!, dataset, errors)) knobs[p.Name] = d;
            }
            else if ((baseConfig ?? soundBase) is { } knobBase && CheckKnob(p.Name, d, path, knobBase, errors)) knobs[p.Name] = d;
        }
        if (errors.Count == before && baseConfig is not null) LayerKnobCheck.Together(knobs, baseConfig, dataset, errors);
        if (errors.Count > before) return null;
        if (el.EnumerateObject().Count() == 0)
        {
            errors.Add("search.space: {} is empty; name at least one dimension (depth, width, widths or a knob), e.g. {\"learning_rate\": [0.1, 0.01]}");
            return null;
        }
        if (width is not null && widths is not null)
            errors.Add("search.space.widths: cannot be combined with search.space.width; use width (one width for all layers) or widths (each layer on its own)");
        if (depth is not null && width is null && widths is null)
            errors.Add("search.space.depth: needs search.space.width or search.space.widths to size the layers");
        if ((depth ?? width ?? widths) is not null && knobs.ContainsKey(SearchSpace.HiddenName))
            errors.Add("search.space.hidden: cannot be combined with depth/width/widths; search either hidden lists or the architecture dimensions");
        if (depth is null && (width ?? widths) is not null && baseConfig is { Hidden.Length: 0 })
            errors.Add("search.space.width: base.hidden is empty and no depth is searched, so there is no layer to size; add search.space.depth or base.hidden");
        return errors.Count > before ? null : new SearchSpace { Knobs = [.. knobs], Depth = depth, Width = width, Widths = widths };
    }

    private const string DistributionForms =
        "a list of values ([0.1, 0.01]) or a distribution: {\"int\": [lo, hi], \"step\": 1}, {\"uniform\": [lo, hi]}, {\"log_uniform\": [lo, hi]}";

    private static Distribution? ReadDistribution(JsonElement el, string path, List<string> errors)
    {
        if (el.ValueKind == JsonValueKind.Array)
        {
            if (el.GetArrayLength() == 0)
            {
                errors.Add($"{path}: [] is empty; give at least one value");
                return null;
            }
            var values = el.EnumerateArray().Select(v => JsonNode.Parse(v.GetRawText())?.ToJsonString() ?? "null").ToList();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < values.Count; i++)
                if (!seen.Add(values[i])) errors.Add($"{path}[{i}]: {values[i]} is listed twice; each value once");
            return seen.Count == values.Count ? new ChoiceDistribution(values) : null;
        }
        if (el.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{path}: {Show(el)} is not a search dimension; use {DistributionForms} (to fix a knob, set it in base)");
            return null;
        }
        var kinds = el.EnumerateObject().Select(p => p.Name).Where(n => n is "int" or "uniform" or "log_uniform").ToList();
        foreach (var p in el.EnumerateObject())
            if (p.Name is not ("int" or "uniform" or "log_uniform" or "step" or "log"))
                errors.Add($"{path}.{p.Name}: unknown field; allowed: int, uniform, log_uniform, step (int only), log (int only)");
        if (kinds.Count != 1)
        {
            errors.Add($"{path}: {Show(el)} must name exactly one of int, uniform, log_uniform; use {DistributionForms}");
            return null;
        }
        var kind = kinds[0];
        var bounds = el.GetProperty(kind);
        var bpath = $"{path}.{kind}";
        if (bounds.ValueKind != JsonValueKind.Array || bounds.GetArrayLength() != 2 || bounds.EnumerateArray().Any(b => b.ValueKind != JsonValueKind.Number))
        {
            errors.Add($"{bpath}: {Show(bounds)} must be two numbers [low, high]");
            return null;
        }
        if (kind != "int" && (el.TryGetProperty("step", out _) || el.TryGetProperty("log", out _)))
        {
            errors.Add($"{path}: step and log are for int ranges; {kind} takes only [low, high]");
            return null;
        }
        if (kind == "int")
        {
            if (!bounds[0].TryGetInt32(out var lo) || !bounds[1].TryGetInt32(out var hi))
            {
                errors.Add($"{bpath}: {Show(bounds)} must be two integers [low, high]");
                return null;
            }
            if (lo > hi) { errors.Add($"{bpath}: {Show(bounds)} has low > high; allowed: low <= high"); return null; }
            int step = 1;
            if (el.TryGetProperty("step", out var stepEl) && !(stepEl.TryGetInt32(out step) && step >= 1))
            {
                errors.Add($"{path}.step: {Show(stepEl)} is not allowed; an integer >= 1");
                return null;
            }
            bool log = false;
            if (el.TryGetProperty("log", out var logEl))
            {
                if (logEl.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) { errors.Add($"{path}.log: {Show(logEl)} must be true or false"); return null; }
                log = logEl.GetBoolean();
                if (log && step != 1) { errors.Add($"{path}: log int ranges need step 1, not {step}"); return null; }
                if (log && lo < 1) { errors.Add($"{bpath}[0]: {lo} is not allowed with log; low must be >= 1"); return null; }
            }
            if ((hi - (long)lo) % step != 0)
            {
                errors.Add($"{path}: {Show(el)}: high - low = {hi - (long)lo} is not a multiple of step {step}; allowed: a high that low + k*step reaches");
                return null;
            }
            return new IntDistribution(lo, hi, step, log);
        }
        double a = bounds[0].GetDouble(), b = bounds[1].GetDouble();
        if (!(a < b)) { errors.Add($"{bpath}: {Show(bounds)} needs low < high"); return null; }
        if (kind == "log_uniform" && a <= 0) { errors.Add($"{bpath}[0]: {Show(bounds[0])} is not allowed; log_uniform needs low > 0"); return null; }
        return kind == "uniform" ? new UniformDistribution(a, b) : new LogUniformDistribution(a, b);
    }

    private static bool CheckIntegers(Distribution d, string path, int min, int max, List<string> errors)
    {
        switch (d)
        {
            case IntDistribution r:
                if (r.Low < min || r.High > max) { errors.Add($"{path}.int: [{r.Low}, {r.High}] is not allowed; values must be in [{min}, {max}]"); return false; }
                return true;
            case ChoiceDistribution c:
                bool ok = true;
                for (int i = 0; i < c.Values.Count; i++)
                    if (!int.TryParse(c.Values[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) || v < min || v > max)
                    {
                        errors.Add($"{path}[{i}]: {c.Values[i]} is not allowed; an integer in [{min}, {max}]");
                        ok = false;
                    }
                return ok;
            default:
                errors.Add($"{path}: a continuous distribution is not allowed here; use a list of integers or {{\"int\": [lo, hi]}}");
                return false;
        }
    }

    /// <summary>Checks that every value (list entries; range ends) sets the knob to something the engine accepts.</summary>
    private static bool CheckKnob(string knob, Distribution d, string path, TrainConfig baseConfig, List<string> errors)
    {
        var type = Nullable.GetUnderlyingType(Knobs.All[knob]) ?? Knobs.All[knob];
        IEnumerable<(string Path, string Value)> probes;
        switch (d)
        {
            case ChoiceDistribution c:
                probes = c.Values.Select((v, i) => ($"{path}[{i}]", v));
                break;
            case IntDistribution r when type == typeof(int) || type == typeof(double):
                probes = [($"{path}.int[0]", r.Low.ToString(CultureInfo.InvariantCulture)), ($"{path}.int[1]", r.High.ToString(CultureInfo.InvariantCulture))];
                break;
            case UniformDistribution or LogUniformDistribution when type == typeof(double):
                var (lo, hi, kind) = d is UniformDistribution u ? (u.Low, u.High, "uniform") : (((LogUniformDistribution)d).Low, ((LogUniformDistribution)d).High, "log_uniform");
                probes = [($"{path}.{kind}[0]", Distribution.Number(lo)), ($"{path}.{kind}[1]", Distribution.Number(hi))];
                break;
            default:
                errors.Add($"{path}: {knob} takes {Knobs.Allowed(knob)}, so it needs a list of values{(type == typeof(int) ? " or an int range" : "")}, not {d.ToJson().ToJsonString()}");
                return false;
        }
        bool ok = true;
        foreach (var (p, value) in probes)
        {
            TrainConfig resolved;
            try { resolved = ConfigResolver.Apply(baseConfig, [new(knob, value)]); }
            catch (JsonException)
            {
                errors.Add($"{p}: {value} is not allowed; {knob} takes {Knobs.Allowed(knob)}");
                ok = false;
                continue;
            }
            foreach (var m in ConfigValidator.Validate(resolved))
                if (m.StartsWith(knob + ":", StringComparison.Ordinal) || m.StartsWith(knob + "[", StringComparison.Ordinal))
                {
                    errors.Add($"{p}: {value} is not allowed ({m})");
                    ok = false;
                }
        }
        return ok;
    }

    /// <summary>Every planned configuration must pass the engine's validator (catches knobs that clash only together).</summary>
    private static void CheckResolvedConfigs(ExperimentSpec spec, List<string> errors)
    {
        if (spec.Search.Strategy == SearchSpec.Grid)
        {
            var count = GridSampler.Count(spec.Search.Space, spec.Base.Hidden.Length) * spec.Repeats;
            if (count > MaxTrials)
            {
                errors.Add($"search.space: the grid holds {count} trials (x {spec.Repeats} repeats); at most {MaxTrials} are allowed; use strategy 'random' or fewer values");
                return;
            }
        }
        if (BaseDoesNotFit(spec, errors)) return;
        var plan = spec.CreateSampler().Plan([]);
        foreach (var (config, n) in plan.Select((c, n) => (c, n)))
        {
            try
            {
                var resolved = ConfigResolver.Apply(spec.Base, config.Assignments);
                foreach (var m in ConfigValidator.Validate(resolved))
                    errors.Add($"search: configuration {n} ({config.Key}) is not allowed: {m}");
                if (resolved.Layers is { } layers && spec.Dataset.KnownImages is { } known)
                    foreach (var m in LayerPlan.Check(layers, known.Shape, known.Shape.Size, known.Classes))
                    {
                        var message = spec.Search.Space.Knobs.Any(k => k.Key == "layers" || LayerKnob.Looks(k.Key))
                            ? $"search: configuration {n} ({config.Key}) does not fit {spec.Dataset.Name} images {known.Shape}: {m}"
                            : $"base.{m} ({spec.Dataset.Name} images are {known.Shape})";
                        if (!errors.Contains(message)) errors.Add(message);
                    }
            }
            catch (JsonException e) { errors.Add($"search: configuration {n} ({config.Key}) is not allowed: {Clean(e.Message)}"); }
            if (errors.Count >= 10) return;
        }
    }

    /// <summary>With layer knobs searched, a base.layers that does not fit the images is the base's problem, reported once.</summary>
    private static bool BaseDoesNotFit(ExperimentSpec spec, List<string> errors)
    {
        if (!spec.Search.Space.Knobs.Any(k => LayerKnob.Looks(k.Key)) || spec.Base.Layers is not { } layers || spec.Dataset.KnownImages is not { } known)
            return false;
        var problems = LayerPlan.Check(layers, known.Shape, known.Shape.Size, known.Classes);
        errors.AddRange(problems.Select(m => $"base.{m} ({spec.Dataset.Name} images are {known.Shape})"));
        return problems.Count > 0;
    }

    private static string Show(JsonElement el)
    {
        var text = el.ValueKind == JsonValueKind.Undefined ? "(nothing)" : JsonNode.Parse(el.GetRawText())?.ToJsonString() ?? "null";
        return text.Length > 80 ? text[..77] + "..." : text;
    }

    private static string PathOf(JsonException e) => e.Path is { Length: > 1 } p && p.StartsWith('$') ? p[1..] : "";

    private static string Clean(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut].TrimEnd() : message;
    }
}
