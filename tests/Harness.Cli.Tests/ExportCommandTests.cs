using System.Text.Json;
using Harness.Store;
using Parquet;

namespace Harness.Cli.Tests;

/// <summary>`export`: typed values in csv, json and parquet, per-epoch rows, --version, and a trial's model that evaluate reads.</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class ExportCommandTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Json_carries_numbers_as_numbers_parameters_included_and_version_picks_the_rows()
    {
        var db = TestStores.Create(_dir.File("h.db"));
        var (exit, output, err) = CliHarness.Run("export", "alpha", "--format", "json", "--version", "1", "--db", db);
        Assert.Equal((CliRunner.ExitOk, ""), (exit, err));

        var rows = JsonDocument.Parse(output).RootElement;
        Assert.Equal(2, rows.GetArrayLength());
        var first = rows[0];
        Assert.Equal(1, first.GetProperty("version").GetInt32());
        Assert.Equal(JsonValueKind.Number, first.GetProperty("params").GetProperty("learning_rate").ValueKind);
        Assert.Equal(0.1, first.GetProperty("params").GetProperty("learning_rate").GetDouble());
        Assert.Equal(0.625, first.GetProperty("test_accuracy").GetDouble());
        Assert.Equal(JsonValueKind.Null, rows[1].GetProperty("test_accuracy").ValueKind);
    }

    [Fact]
    public void Epochs_gives_one_row_per_trial_and_epoch_in_csv_and_json()
    {
        var db = TestStores.Create(_dir.File("h.db"));
        var (exit, csv, _) = CliHarness.Run("export", "alpha", "--epochs", "--db", db);
        Assert.Equal(CliRunner.ExitOk, exit);
        var lines = csv.TrimEnd('\n').Split('\n');
        Assert.Equal("trial_id,number,repeat,seed,state,param_learning_rate,epoch,train_loss,train_accuracy,validation_loss,validation_accuracy,learning_rate,epoch_seconds", lines[0]);
        Assert.Equal(3, lines.Length); // the latest version's complete trial has 2 epochs; the pending one none
        Assert.EndsWith(",complete,0.1,2,0.5,0.7,0.25,0.5,0.1,0.5", lines[2]);

        var (_, json, _) = CliHarness.Run("export", "alpha", "--epochs", "--format", "json", "--db", db);
        var rows = JsonDocument.Parse(json).RootElement;
        Assert.Equal(2, rows.GetArrayLength());
        Assert.Equal(2, rows[1].GetProperty("epoch").GetInt32());
        Assert.Equal(0.5, rows[1].GetProperty("validation_accuracy").GetDouble());
    }

    [Fact]
    public async Task Parquet_writes_typed_columns_that_read_back()
    {
        var db = TestStores.Create(_dir.File("h.db"));
        var file = _dir.File("out/alpha.parquet");
        var (exit, output, err) = CliHarness.Run("export", "alpha", "--format", "parquet", "--out", file, "--db", db);
        Assert.Equal((CliRunner.ExitOk, ""), (exit, err));
        Assert.Contains("2 rows", output);

        await using var stream = File.OpenRead(file);
        var (names, accuracy, numbers) = await Read(stream);
        Assert.Contains("param_learning_rate", names);
        Assert.Equal([0.875, null], accuracy); // the latest version
        Assert.Equal([0L, 1L], numbers);
        Assert.False(File.Exists(file + ".partial"));

        (exit, _, err) = CliHarness.Run("export", "alpha", "--format", "parquet", "--db", db);
        Assert.Equal(CliRunner.ExitBadInput, exit);
        Assert.Contains("--format parquet: needs --out FILE", err);
    }

    private static async Task<(List<string> Names, double?[] TestAccuracy, long?[] Numbers)> Read(Stream stream)
    {
        await using var reader = await ParquetReader.CreateAsync(stream);
        var fields = reader.Schema.GetDataFields();
        using var group = reader.OpenRowGroupReader(0);
        var accuracy = new double?[group.RowCount];
        await group.ReadAsync<double>(fields.Single(f => f.Name == "test_accuracy"), accuracy.AsMemory());
        var numbers = new long?[group.RowCount];
        await group.ReadAsync<long>(fields.Single(f => f.Name == "number"), numbers.AsMemory());
        return ([.. fields.Select(f => f.Name)], accuracy, numbers);
    }

    [Fact]
    public void A_trials_model_is_written_for_evaluate_which_reports_the_stored_test_accuracy()
    {
        var db = _dir.File("h.db");
        var file = _dir.File("moons.json");
        File.WriteAllText(file, """
            { "name": "moons", "dataset": { "name": "moons", "samples": 300, "seed": 3 },
              "base": { "hidden": [8], "activation": "tanh", "optimizer": "adam", "learning_rate": 0.05, "epochs": 5, "threads": 1 },
              "search": { "space": { "learning_rate": [0.05, 0.01] } } }
            """);
        var (exit, output, err) = CliHarness.Run("sweep", file, "--db", db, "--engine", "cpu");
        Assert.True(exit == 0, output + err);

        var model = _dir.File("models/moons-1.model");
        (exit, output, err) = CliHarness.Run("export", "moons", "--trial", "1", "--model", model, "--db", db);
        Assert.Equal((CliRunner.ExitOk, ""), (exit, err));
        Assert.Contains("with its dataset (moons)", output);
        TrialRecord trial;
        using (var store = LiteDbExperimentStore.OpenReadOnly(db))
        {
            trial = store.GetTrials("moons").Single(t => t.Number == 1);
            Assert.Equal(store.LoadModel(trial.Id), File.ReadAllBytes(model));
        }

        (exit, output, err) = CliHarness.Run("evaluate", model);
        Assert.Equal((CliRunner.ExitOk, ""), (exit, err));
        Assert.Contains($"test accuracy {TextFormat.Percent(trial.TestAccuracy)}", output);
        Assert.Contains($"{(int)(300 * 0.2)} examples", output);
    }

    [Fact]
    public void Model_export_errors_name_the_trial_and_what_exists()
    {
        var db = TestStores.Create(_dir.File("h.db"));
        var (exit, _, err) = CliHarness.Run("export", "alpha", "--model", _dir.File("m.model"), "--db", db);
        Assert.Equal(CliRunner.ExitBadInput, exit);
        Assert.Contains("--model: needs --trial N", err);
        (exit, _, err) = CliHarness.Run("export", "alpha", "--trial", "1", "--model", _dir.File("m.model"), "--db", db);
        Assert.Equal(CliRunner.ExitBadInput, exit);
        Assert.Contains("trial 1 of alpha v2 is pending and has no stored model; complete trials: 0", err);
        (exit, _, err) = CliHarness.Run("export", "alpha", "--trial", "7", "--model", _dir.File("m.model"), "--db", db);
        Assert.Contains("has no trial 7", err);
        Assert.False(File.Exists(_dir.File("m.model")));
    }
}
