namespace Harness.Data.Tests.Specs;

public sealed class DatasetSpecTests
{
    [Fact]
    public void Json_round_trips_with_snake_case_and_rejects_unknown_fields()
    {
        var spec = new DatasetSpec { Name = "mnist", Split = "stratified", TrainFraction = 0.7, ValidationFraction = 0.1, SplitSeed = 3, TrainLimit = 1000 };
        var json = spec.ToJson();
        Assert.Contains("\"train_fraction\": 0.7", json);
        Assert.Contains("\"train_limit\": 1000", json);
        Assert.DoesNotContain("label_column", json);
        Assert.Equal(spec, DatasetSpec.FromJson(json));
        var ex = Assert.Throws<System.Text.Json.JsonException>(() => DatasetSpec.FromJson("{\"name\": \"xor\", \"sampels\": 10}"));
        Assert.Contains("sampels", ex.Message);
        Assert.Equal(new DatasetSpec { Name = "moons", Samples = 200 }, DatasetSpec.FromJson("{ \"name\": \"moons\", \"samples\": 200, }"));
    }

    [Fact]
    public void Default_spec_is_valid_mnist_standard()
    {
        var spec = new DatasetSpec();
        Assert.Equal(("mnist", "standard"), (spec.Name, spec.Split));
        Assert.Empty(spec.Validate());
    }

    [Fact]
    public void Validation_names_each_field()
    {
        Assert.Equal(["dataset.name: 'cifar' is not a known dataset; allowed: mnist, idx, xor, spirals, moons, function, csv"],
            new DatasetSpec { Name = "cifar" }.Validate());
        Assert.Contains("dataset.train_fraction: 1.3 is outside (0, 1)",
            new DatasetSpec { Split = "stratified", TrainFraction = 1.3 }.Validate());
        Assert.Contains("dataset.train_fraction + dataset.validation_fraction: 1.1 must be below 1 (the rest is the test split)",
            new DatasetSpec { Split = "stratified", TrainFraction = 0.8, ValidationFraction = 0.3 }.Validate());
        Assert.Contains("dataset.split: 'random' is not a known split; allowed: standard, stratified", new DatasetSpec { Split = "random" }.Validate());
        Assert.Contains("dataset.train_limit: 0 must be a positive number of examples", new DatasetSpec { TrainLimit = 0 }.Validate());
        Assert.Contains("dataset.noise: -1 must be a finite number >= 0", new DatasetSpec { Name = "moons", Noise = -1 }.Validate());
        Assert.Contains("dataset.function: 'tan' is not known; allowed: sin, cos, abs, step, square, cubic",
            new DatasetSpec { Name = "function", Function = "tan" }.Validate());
        var csv = new DatasetSpec { Name = "csv" }.Validate();
        Assert.Contains(csv, e => e.StartsWith("dataset.path: required"));
        Assert.Contains(csv, e => e.StartsWith("dataset.label_column: required"));
        Assert.Contains("dataset.samples: only used by synthetic sets (xor, spirals, moons, function), not 'mnist'", new DatasetSpec { Samples = 100 }.Validate());
    }

    [Fact]
    public void Catalog_throws_listing_every_error()
    {
        var ex = Assert.Throws<ArgumentException>(() => DatasetCatalog.Load(new DatasetSpec { Name = "moons", Samples = 5, Noise = double.NaN }));
        Assert.Contains("dataset.samples: 5 is outside [10, 10000000]", ex.Message);
        Assert.Contains("dataset.noise: NaN", ex.Message);
    }

    [Fact]
    public void Catalog_synthetic_standard_is_stratified_60_20_20_with_limits()
    {
        var s = DatasetCatalog.Load(new DatasetSpec { Name = "spirals", Samples = 500, Seed = 1 });
        Assert.Equal((300, 100, 100), (s.Train.Count, s.Validation.Count, s.Test.Count));
        Assert.Equal(150, s.Train.Labels!.Count(y => y == 1));
        var limited = DatasetCatalog.Load(new DatasetSpec { Name = "spirals", Samples = 500, Seed = 1, TrainLimit = 40, TestLimit = 1000 });
        Assert.Equal((40, 100, 100), (limited.Train.Count, limited.Validation.Count, limited.Test.Count));
        Assert.Equal(s.Train.Row(39).ToArray(), limited.Train.Row(39).ToArray());

        var xor = DatasetCatalog.Load(new DatasetSpec { Name = "xor" });
        Assert.Equal((4, 4, 4), (xor.Train.Count, xor.Validation.Count, xor.Test.Count));
        var f = DatasetCatalog.Load(new DatasetSpec { Name = "function", Function = "abs", Samples = 50 });
        Assert.Equal((30, 10, 10), (f.Train.Count, f.Validation.Count, f.Test.Count));
    }

    [Fact]
    public void Catalog_loads_csv()
    {
        using var dir = new TempDir();
        var p = dir.File("d.csv");
        File.WriteAllLines(p, ["f,label", .. Enumerable.Range(0, 20).Select(i => $"{i},{(i % 2 == 0 ? "even" : "odd")}")]);
        var s = DatasetCatalog.Load(new DatasetSpec { Name = "csv", Path = p, LabelColumn = "label" });
        Assert.Equal((12, 4, 4), (s.Train.Count, s.Validation.Count, s.Test.Count));
        Assert.Equal(6, s.Train.Labels!.Count(y => y == 0));
    }
}
