namespace Harness.Reports.PlotData;

/// <summary>
/// First-layer weights laid out as a mosaic: unit u's incoming weights as a Side x Side image, Columns tiles per
/// row, one NaN pixel of gap between tiles. Each tile is scaled by its own max |w| to [-1, 1], so sign shows as colour.
/// Pixels[y, x] with y = 0 the top row.
/// </summary>
public sealed record WeightMosaic(int Units, int Side, int Columns, int Rows, double[,] Pixels);

public static class WeightImages
{
    /// <summary>
    /// Builds the mosaic from weights (Out, In) row-major with In = side * side (784 for MNIST), showing the first
    /// <paramref name="maxUnits"/> units.
    /// </summary>
    public static WeightMosaic FirstLayer(float[] weights, int outputs, int inputs, int maxUnits = 100)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Length != outputs * inputs)
            throw new ArgumentException($"weights length {weights.Length} is not outputs x inputs = {outputs} x {inputs}", nameof(weights));
        int side = (int)Math.Round(Math.Sqrt(inputs));
        if (side * side != inputs)
            throw new ArgumentException($"input width {inputs} is not a square image; weight images need e.g. 784 = 28 x 28", nameof(inputs));
        int units = Math.Min(outputs, maxUnits);
        int cols = (int)Math.Ceiling(Math.Sqrt(units));
        int rows = (int)Math.Ceiling(units / (double)cols);
        var px = new double[rows * (side + 1) - 1, cols * (side + 1) - 1];
        for (int y = 0; y < px.GetLength(0); y++)
            for (int x = 0; x < px.GetLength(1); x++) px[y, x] = double.NaN;
        for (int u = 0; u < units; u++)
        {
            var w = weights.AsSpan(u * inputs, inputs);
            double scale = 0;
            foreach (var v in w) scale = Math.Max(scale, Math.Abs(v));
            if (scale == 0) scale = 1;
            int oy = u / cols * (side + 1), ox = u % cols * (side + 1);
            for (int i = 0; i < inputs; i++) px[oy + i / side, ox + i % side] = w[i] / scale;
        }
        return new WeightMosaic(units, side, cols, rows, px);
    }
}
