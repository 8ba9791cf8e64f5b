namespace Harness.Data.Tests.Files;

public sealed class AtomicFileTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Writes_replaces_and_creates_missing_folders_leaving_only_the_file()
    {
        var path = Path.Combine(_dir.Path, "a", "b", "out.txt");
        AtomicFile.WriteAllText(path, "first é");
        Assert.Equal("first é", File.ReadAllText(path));
        Assert.Equal([0x66], File.ReadAllBytes(path)[..1]); // no byte order mark
        AtomicFile.WriteAllBytes(path, [1, 2, 3]);
        Assert.Equal([1, 2, 3], File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public void A_failed_write_leaves_the_earlier_file_as_it_was_and_nothing_beside_it()
    {
        var path = _dir.File("model.bin");
        File.WriteAllText(path, "earlier");
        var e = Assert.Throws<IOException>(() => AtomicFile.Write(path, s =>
        {
            s.Write([9, 9, 9, 9]);
            throw new IOException("disk full");
        }));
        Assert.Equal("disk full", e.Message);
        Assert.Equal("earlier", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(_dir.Path));
    }

    [Fact]
    public void A_file_beside_the_target_with_a_temporary_looking_name_is_never_touched()
    {
        var path = _dir.File("rows.csv");
        foreach (var name in new[] { "rows.csv.tmp", "rows.csv.partial", ".rows.csv.partial" }) File.WriteAllText(_dir.File(name), "mine");
        AtomicFile.WriteAllText(path, "a,b\n");
        foreach (var name in new[] { "rows.csv.tmp", "rows.csv.partial", ".rows.csv.partial" }) Assert.Equal("mine", File.ReadAllText(_dir.File(name)));
        Assert.Equal(4, Directory.GetFiles(_dir.Path).Length);
    }
}
