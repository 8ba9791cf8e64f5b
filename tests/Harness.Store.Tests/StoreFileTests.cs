using System.Security.Cryptography;
using LiteDB;
using static Harness.Store.Tests.TrialPlans;

namespace Harness.Store.Tests;

/// <summary>What the store does with a file that is already there, and read-only opening.</summary>
public sealed class StoreFileTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string Digest(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    private static byte[] Content(string kind, int size) => kind switch
    {
        "text" => System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("my notes about lr=0.1\n", size / 22 + 1)))[..size],
        "zeros" => new byte[size],
        _ => new Random(size).GetItems<byte>(Enumerable.Range(0, 256).Select(i => (byte)i).ToArray(), size),
    };

    [Theory]
    [InlineData("empty", 0)]
    [InlineData("text", 9)]
    [InlineData("random", 100)]
    [InlineData("text", 4096)]
    [InlineData("zeros", 8191)]
    [InlineData("random", 8191)]
    [InlineData("zeros", 8192)]
    [InlineData("random", 8192)]
    [InlineData("text", 40_000)]
    public void A_file_that_is_not_a_store_is_refused_and_left_untouched_whatever_its_size(string kind, int size)
    {
        var path = _temp.File($"notes-{kind}-{size}.db");
        File.WriteAllBytes(path, Content(kind, size));
        var before = Digest(path);

        var write = Assert.Throws<InvalidDataException>(() => new LiteDbExperimentStore(path).Dispose());
        var read = Assert.Throws<InvalidDataException>(() => LiteDbExperimentStore.OpenReadOnly(path).Dispose());

        foreach (var e in new[] { write, read })
        {
            Assert.StartsWith($"not a harness store: {path} (", e.Message);
            Assert.Contains("left untouched", e.Message);
        }
        Assert.Equal(size, new FileInfo(path).Length);
        Assert.Equal(before, Digest(path));
        Assert.Equal([Path.GetFileName(path)], Directory.GetFiles(_temp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void A_LiteDB_database_of_another_program_is_refused_and_left_untouched()
    {
        var path = _temp.File("other.db");
        using (var other = new LiteDatabase(path))
            other.GetCollection("customers").Insert(new BsonDocument { ["Name"] = "Ada" });
        var before = Digest(path);

        var e = Assert.Throws<InvalidDataException>(() => new LiteDbExperimentStore(path).Dispose());
        Assert.StartsWith($"not a harness store: {path} (a LiteDB database with other collections: customers)", e.Message);
        Assert.Equal(before, Digest(path));
    }

    [Fact]
    public void OpenReadOnly_creates_no_file_never_changes_one_and_refuses_writes()
    {
        var missing = _temp.File("missing/none.db");
        Assert.Throws<FileNotFoundException>(() => LiteDbExperimentStore.OpenReadOnly(missing));
        Assert.False(Directory.Exists(_temp.File("missing")));

        var path = _temp.File("store.db");
        long id;
        using (var store = new LiteDbExperimentStore(path))
        {
            id = Seed(store, 2)[0].Id;
            Assert.True(store.TryClaim(id, "cpu", "cpu0", out _));
            store.Finish(id, Complete([5, 6]));
        }
        var before = Digest(path);
        using (var reader = LiteDbExperimentStore.OpenReadOnly(path))
        {
            Assert.True(reader.IsReadOnly);
            Assert.Equal(2, reader.GetTrials(Experiment).Count);
            Assert.Equal([5, 6], reader.LoadModel(id));
            var e = Assert.Throws<InvalidOperationException>(() => reader.OpenExperiment("new", Spec, Hash, newVersion: false));
            Assert.Contains("read-only", e.Message);
        }
        Assert.Equal(before, Digest(path));
        Assert.Equal(["store.db"], Directory.GetFiles(_temp.Path).Select(Path.GetFileName));
    }
}
