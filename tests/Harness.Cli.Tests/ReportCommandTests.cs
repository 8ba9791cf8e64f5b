using Harness.Data;
using Harness.Store;
using LiteDB;

namespace Harness.Cli.Tests;

/// <summary>`report`: where it may write.</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class ReportCommandTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>
    /// A store as an older version could leave it: experiments named '.' and '..' (the name rule did not exist),
    /// written straight into the LiteDB file because the store refuses such names now.
    /// </summary>
    private string StoreWithUnsafeNames()
    {
        var path = _dir.File("old.db");
        new LiteDbExperimentStore(path).Dispose();
        using var db = new LiteDatabase(new ConnectionString { Filename = path, Connection = ConnectionType.Shared });
        foreach (var name in new[] { ".", ".." })
            db.GetCollection("experiments").Insert(new BsonDocument
            {
                ["_id"] = name + "\u001f1",
                ["Name"] = name,
                ["Version"] = 1,
                ["SpecJson"] = "{}",
                ["SpecHash"] = "0123456789abcdef",
                ["CreatedUtc"] = DateTime.UtcNow,
            });
        return path;
    }

    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    public void Report_of_an_experiment_named_dot_dot_is_refused_and_writes_nothing_outside_results(string name)
    {
        var db = StoreWithUnsafeNames();
        var index = Path.GetFullPath(Path.Combine(RepoPaths.Results, name, "index.html"));
        var existed = File.Exists(index);
        try
        {
            var (exit, _, err) = CliHarness.Run("report", name, "--db", db);
            Assert.Equal(CliRunner.ExitBadInput, exit);
            Assert.Contains($"experiment name '{name}' cannot be a report folder", err);
            Assert.Contains(ExperimentNames.Rule, err);
            Assert.Contains("--out", err);
            Assert.Equal(existed, File.Exists(index));
        }
        finally
        {
            // Only the old code gets here with a new index.html (in the repository root or results/ itself).
            if (!existed && File.Exists(index)) File.Delete(index);
        }
    }

    [Fact]
    public void Report_with_out_writes_an_old_unsafe_named_experiment_inside_the_given_folder()
    {
        var db = StoreWithUnsafeNames();
        var outDir = _dir.File("report");
        var (exit, output, err) = CliHarness.Run("report", "..", "--db", db, "--out", outDir);
        Assert.True(exit == CliRunner.ExitOk, err);
        Assert.Contains("wrote", output);
        Assert.True(File.Exists(Path.Combine(outDir, "index.html")));
    }
}
