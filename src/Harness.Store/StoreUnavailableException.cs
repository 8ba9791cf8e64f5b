namespace Harness.Store;

/// <summary>
/// The store's server could not be reached or refused the connection (unknown host, connection refused, wrong
/// password, missing database). The message names the store by its redacted location (never a password).
/// </summary>
public sealed class StoreUnavailableException(string message, Exception? inner = null) : IOException(message, inner);
