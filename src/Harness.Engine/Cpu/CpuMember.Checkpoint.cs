using System.Runtime.InteropServices;

namespace Harness.Engine;

/// <summary>
/// A member's checkpoint: everything its later epochs depend on, so that a member restored from it trains on bit
/// for bit as it would have without the break. That is the epochs run, the weights, the optimizer's buffers and step
/// count, the three RNG streams (data order, dropout, augmentation), the data order itself (each epoch shuffles the
/// last one in place), the first batch's loss (the divergence check's reference) and the best weights kept so far.
/// Gradients and batch buffers are not in it: every step overwrites them. The layout, little-endian:
/// <code>
/// "HCKP" format:int32 engine:string epochs:int32 parameters:floats optimizerSteps:int64 buffers:int32 (floats)*
/// shuffle dropout augment:4×uint64 order:int32s initialLoss:float64 best:bool [floats]
/// </code>
/// with each array its int32 length and then its elements.
/// </summary>
internal sealed partial class CpuMember
{
    private const int CheckpointFormat = 1;
    private static ReadOnlySpan<byte> Magic => "HCKP"u8;

    /// <summary>Writes the member's state after its last epoch (see the class summary) to <paramref name="into"/>.</summary>
    public void Checkpoint(Stream into)
    {
        using (var w = new BinaryWriter(into, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            w.Write(CheckpointFormat);
            w.Write(EngineName);
            w.Write(Epochs);
            WriteArray(w, _parameters);
            w.Write(_optimizer.Steps);
            w.Write(_optimizer.Buffers.Count);
            foreach (var buffer in _optimizer.Buffers) WriteArray(w, buffer);
            foreach (var rng in (Rng[])[_shuffleRng, _dropoutRng, _augmentRng])
                foreach (ulong word in rng.State()) w.Write(word);
            WriteArray(w, _order);
            w.Write(_initialLoss);
            w.Write(_best is not null);
            if (_best is not null) WriteArray(w, _best);
        }
    }

    /// <summary>
    /// Puts this member, fresh from its config, in the state <paramref name="state"/> (from <see cref="Checkpoint"/>
    /// of a member with the same config). Throws <see cref="InvalidDataException"/>, changing nothing, when the
    /// bytes are not such a checkpoint or do not fit this member's network and optimizer.
    /// </summary>
    public void Restore(byte[] state)
    {
        ArgumentNullException.ThrowIfNull(state);
        try
        {
            using var r = new BinaryReader(new MemoryStream(state, writable: false));
            if (!r.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic)) throw Bad("it does not start with HCKP");
            if (r.ReadInt32() is var format and not CheckpointFormat) throw Bad($"its format is {format}, this harness reads {CheckpointFormat}");
            if (r.ReadString() is var engine and not EngineName) throw Bad($"it was written by the {engine} engine");
            int epochs = r.ReadInt32();
            var parameters = ReadArray<float>(r, _parameters.Length, "weights");
            long steps = r.ReadInt64();
            var live = _optimizer.Buffers;
            if (r.ReadInt32() != live.Count) throw Bad($"it holds another optimizer's state than {_config.Optimizer}'s");
            var buffers = live.Select(b => ReadArray<float>(r, b.Length, "optimizer buffer")).ToList();
            var rngs = new Rng[3];
            for (int k = 0; k < rngs.Length; k++) rngs[k] = Rng.FromState([r.ReadUInt64(), r.ReadUInt64(), r.ReadUInt64(), r.ReadUInt64()]);
            var order = ReadArray<int>(r, _order.Length, "data order");
            double initialLoss = r.ReadDouble();
            var best = r.ReadBoolean() ? ReadArray<float>(r, _parameters.Length, "best weights") : null;
            if (r.BaseStream.Position != state.Length) throw Bad("it has bytes past its end");

            Epochs = epochs;
            parameters.CopyTo(_parameters, 0);
            _optimizer.Steps = steps;
            for (int k = 0; k < live.Count; k++) buffers[k].CopyTo(live[k], 0);
            (_shuffleRng, _dropoutRng, _augmentRng) = (rngs[0], rngs[1], rngs[2]);
            order.CopyTo(_order, 0);
            _initialLoss = initialLoss;
            _best = best;
        }
        catch (EndOfStreamException) { throw Bad("it ends early"); }
    }

    private const string EngineName = "cpu";

    private static void WriteArray<T>(BinaryWriter w, T[] values) where T : unmanaged
    {
        w.Write(values.Length);
        w.Write(MemoryMarshal.AsBytes(values.AsSpan()));
    }

    private static T[] ReadArray<T>(BinaryReader r, int expected, string what) where T : unmanaged
    {
        int length = r.ReadInt32();
        if (length != expected) throw Bad($"its {what} hold {length} values, this member's {expected}");
        var values = new T[length];
        var bytes = MemoryMarshal.AsBytes(values.AsSpan());
        if (r.Read(bytes) != bytes.Length) throw new EndOfStreamException();
        return values;
    }

    private static InvalidDataException Bad(string why) => new($"not a checkpoint of this trial: {why}");
}
