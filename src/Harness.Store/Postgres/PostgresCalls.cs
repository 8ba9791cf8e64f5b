using System.Diagnostics;
using System.Net.Sockets;
using Npgsql;

namespace Harness.Store.Postgres;

/// <summary>
/// How the PostgreSQL store's calls run: each is one short transaction on a pooled connection. When the server
/// goes away after the store opened (restart, network), a call waits and retries, with a message each time,
/// for up to <see cref="RetryFor"/>; then it throws <see cref="StoreUnavailableException"/>. Errors name the
/// store by its redacted location, never its password.
/// </summary>
internal sealed class PostgresCalls(NpgsqlDataSource source, string location, string? password) : IDisposable
{
    private volatile bool _disposed;

    /// <summary>How long a call keeps retrying while the server is unreachable.</summary>
    public TimeSpan RetryFor { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Where retry messages go (standard error in the CLI); null: nowhere.</summary>
    public Action<string>? Notice { get; set; }

    /// <summary>
    /// Runs <paramref name="body"/> in one transaction: the first contact, whose failure (unknown host, refused
    /// connection, wrong password, missing database) is bad input at once. Only a server that answers too slowly
    /// (a busy machine) is given two more tries.
    /// </summary>
    public T Once<T>(Func<NpgsqlConnection, NpgsqlTransaction, T> body)
    {
        for (var attempt = 1; ; attempt++)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            try { return InTransaction(body); }
            catch (Exception e) when (Unreachable(e) && Innermost<TimeoutException>(e) is not null && attempt < 3)
            {
                Notice?.Invoke($"store {location}: {Reason(e)}; trying again");
                source.Clear();
            }
            catch (Exception e) when (Unreachable(e)) { throw Unavailable(e); }
        }
    }

    /// <summary>Runs <paramref name="body"/> in one transaction, retrying while the server is unreachable.</summary>
    public T Run<T>(Func<NpgsqlConnection, NpgsqlTransaction, T> body)
    {
        var waited = Stopwatch.StartNew();
        var wasUnreachable = false;
        for (var attempt = 1; ; attempt++)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            try
            {
                var result = InTransaction(body);
                if (wasUnreachable) Notice?.Invoke($"store {location}: reachable again after {waited.Elapsed.TotalSeconds:0} s");
                return result;
            }
            catch (PostgresException e) when (e.SqlState is "40P01" or "40001" && attempt < 10)
            {
                // A deadlock or serialization failure: the server rolled this transaction back; run it again.
                Thread.Sleep(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 50)));
            }
            catch (Exception e) when (Unreachable(e) && !_disposed)
            {
                if (waited.Elapsed >= RetryFor) throw Unavailable(e, $" (gave up after {waited.Elapsed.TotalSeconds:0} s of retrying)");
                wasUnreachable = true;
                var pause = TimeSpan.FromSeconds(Math.Min(10, 1 << Math.Min(attempt - 1, 4)));
                Notice?.Invoke($"store {location}: the server is unreachable ({Reason(e)}); retrying in {pause.TotalSeconds:0} s " +
                               $"(waiting up to {RetryFor.TotalSeconds:0} s in all)");
                source.Clear();
                Thread.Sleep(pause);
            }
        }
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        source.Dispose();
    }

    private static T InTransaction<T>(NpgsqlDataSource source, Func<NpgsqlConnection, NpgsqlTransaction, T> body)
    {
        using var connection = source.OpenConnection();
        using var tx = connection.BeginTransaction();
        var result = body(connection, tx);
        tx.Commit();
        return result;
    }

    private T InTransaction<T>(Func<NpgsqlConnection, NpgsqlTransaction, T> body) => InTransaction(source, body);

    /// <summary>The server is down, restarting, refusing or unreachable (not: a statement the server rejected).</summary>
    private static bool Unreachable(Exception e) => e switch
    {
        PostgresException p => p.SqlState.StartsWith("08", StringComparison.Ordinal) || p.SqlState.StartsWith("57P", StringComparison.Ordinal) ||
                               p.SqlState is "28P01" or "28000" or "3D000" or "53300",
        NpgsqlException => true,
        SocketException or TimeoutException => true,
        _ => false,
    };

    private StoreUnavailableException Unavailable(Exception e, string suffix = "") =>
        new(Redact($"store {location}: {Reason(e)}{suffix}"), e);

    /// <summary>What went wrong, in words: the server's message, or the network error beneath Npgsql's.</summary>
    private string Reason(Exception e)
    {
        var text = e switch
        {
            PostgresException { SqlState: "28P01" or "28000" } p => $"the server refused the login: {p.MessageText} (check the user name and password)",
            PostgresException { SqlState: "3D000" } p => $"{p.MessageText} (create it first, e.g. createdb)",
            PostgresException p => p.MessageText,
            _ when Innermost<SocketException>(e) is { } s => $"cannot connect to the PostgreSQL server: {s.Message}",
            _ when Innermost<TimeoutException>(e) is not null => "the PostgreSQL server did not answer in time",
            _ => e.Message,
        };
        return Redact(text);
    }

    private string Redact(string text) =>
        string.IsNullOrEmpty(password) ? text : text.Replace(password, "***", StringComparison.Ordinal);

    private static T? Innermost<T>(Exception e) where T : Exception
    {
        T? found = null;
        for (Exception? x = e; x is not null; x = x.InnerException)
            if (x is T t) found = t;
        return found;
    }
}
