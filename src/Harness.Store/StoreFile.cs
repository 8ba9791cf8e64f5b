using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Harness.Store;

/// <summary>
/// Checks made on an existing file before the store lets LiteDB open it. LiteDB 5 takes an empty file, and some
/// files shorter than its 8,192-byte header page, for a new database and writes one over them; so a file is
/// handed to LiteDB only when it starts with a LiteDB 5 header page, and once open it must hold nothing but the
/// store's own collections. A file that fails is left exactly as it was.
/// </summary>
internal static class StoreFile
{
    /// <summary>LiteDB 5's page size: the header page alone is this long.</summary>
    public const int PageSize = 8192;

    // LiteDB 5 header page (HeaderPage.cs): the text "** This is a LiteDB file **" at byte 32, file version 8 at byte 59.
    private const int HeaderInfoOffset = 32, FileVersionOffset = 59;
    private const byte FileVersion = 8;
    private static readonly byte[] HeaderInfo = Encoding.ASCII.GetBytes("** This is a LiteDB file **");

    /// <summary>Collections a harness store may hold: its own three plus LiteDB file storage (models).</summary>
    public static readonly IReadOnlySet<string> Collections = new HashSet<string>(
        [StoreDocuments.Experiments, StoreDocuments.Trials, StoreDocuments.Epochs, "_files", "_chunks"], StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Whether a file exists at <paramref name="path"/>, checked (by <see cref="RequireLiteDbHeader"/>) when it does.
    /// Both happen under LiteDB's cross-process mutex for the file, the one its shared mode holds while it creates
    /// a database: so a store another process is creating at this moment is seen complete, not as a short file.
    /// </summary>
    public static bool ExistsAsLiteDbFile(string path)
    {
        using var mutex = new Mutex(initiallyOwned: false, LiteDbMutexName(path));
        try { mutex.WaitOne(); }
        catch (AbandonedMutexException) { /* its holder died; the mutex is ours now, as LiteDB also takes it */ }
        try
        {
            if (!File.Exists(path)) return false;
            RequireLiteDbHeader(path);
            return true;
        }
        finally
        {
            mutex.ReleaseMutex();
        }
    }

    /// <summary>The name LiteDB 5 (SharedEngine) gives the file's mutex: "Global\" + SHA-1 (hex) of the lower-cased full path + ".Mutex".</summary>
    private static string LiteDbMutexName(string path)
    {
        var hash = SHA1.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(path).ToLower(CultureInfo.InvariantCulture)));
        return "Global\\" + Convert.ToHexString(hash) + ".Mutex";
    }

    /// <summary>
    /// Throws <see cref="InvalidDataException"/> ("not a harness store: PATH (why)") unless the existing file at
    /// <paramref name="path"/> is at least one page long and starts with a LiteDB 5 header. Only reads the file.
    /// </summary>
    public static void RequireLiteDbHeader(string path)
    {
        long length;
        var head = new byte[PageSize];
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        {
            length = stream.Length;
            stream.ReadAtLeast(head, PageSize, throwOnEndOfStream: false);
        }
        if (length < PageSize)
            throw NotAStore(path, $"{length} bytes, shorter than the {PageSize}-byte header of a LiteDB file");
        if (!head.AsSpan(HeaderInfoOffset, HeaderInfo.Length).SequenceEqual(HeaderInfo))
            throw NotAStore(path, "it does not start with a LiteDB header");
        if (head[FileVersionOffset] != FileVersion)
            throw NotAStore(path, $"LiteDB file version {head[FileVersionOffset]}, not {FileVersion} (LiteDB 5)");
    }

    /// <summary>Throws <see cref="InvalidDataException"/> when a LiteDB database holds collections the store does not use.</summary>
    public static void RequireOnlyStoreCollections(string path, IEnumerable<string> collections)
    {
        var foreign = collections.Where(c => !Collections.Contains(c)).Order(StringComparer.Ordinal).ToList();
        if (foreign.Count > 0)
            throw NotAStore(path, $"a LiteDB database with other collections: {string.Join(", ", foreign)}");
    }

    /// <summary>The error for a file that is not a store: its path, why, and that it was not touched.</summary>
    public static InvalidDataException NotAStore(string path, string why) =>
        new($"not a harness store: {path} ({why}); the file was left untouched. Name a store file or a file that does not exist yet");
}
