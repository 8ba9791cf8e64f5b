using System.Collections.Concurrent;
using Harness.Engine;
using Harness.Sweeps;

namespace Harness.Cli.Training;

/// <summary>
/// The engine a sweep or `train` trains on, made on a thread of its own while the store opens and the data loads: a
/// GPU's driver, context and kernels take about as long to come up as MNIST takes to load, and neither waits for the
/// other. What choosing it says is told when the engine is taken, so the lines keep their order.
/// </summary>
internal sealed class EngineStart : IDisposable
{
    private readonly Task<IEngine> _engine;
    private readonly ConcurrentQueue<string> _lines = new();
    private bool _taken;

    /// <summary>Starts <see cref="EngineChoice.Resolve(string, Action{string}?)"/> for <paramref name="requested"/>.</summary>
    public EngineStart(string requested) => _engine = Task.Run(() => EngineChoice.Resolve(requested, _lines.Enqueue));

    /// <summary>The engine, once made (the caller owns it from here on), after telling <paramref name="say"/> its lines; what refused it is thrown here.</summary>
    public IEngine Take(Action<string> say)
    {
        _taken = true;
        var engine = _engine.GetAwaiter().GetResult();
        while (_lines.TryDequeue(out var line)) say(line);
        return engine;
    }

    /// <summary>An engine never taken (the store or the data failed first) is waited for and disposed; its own failure is not the one to report then.</summary>
    public void Dispose()
    {
        if (_taken) return;
        try { _engine.GetAwaiter().GetResult().Dispose(); }
        catch (Exception) when (_engine.IsFaulted) { }
    }
}
