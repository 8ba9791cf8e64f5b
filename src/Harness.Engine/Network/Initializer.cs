namespace Harness.Engine;

/// <summary>Weight initialisation (see <see cref="Init"/> for the distributions and bias rules).</summary>
public static class Initializer
{
    /// <summary>Fills <paramref name="parameters"/> (laid out by <paramref name="layout"/>) from <paramref name="rng"/>, layer by layer: W then b.</summary>
    public static void Fill(Init init, double sigma, ParameterLayout layout, Span<float> parameters, ref Rng rng)
    {
        for (int l = 0; l < layout.LayerCount; l++)
        {
            int fanIn = layout.FanIn(l), fanOut = layout.FanOut(l);
            var w = parameters[layout.Weights(l)];
            var b = parameters[layout.Biases(l)];
            switch (init)
            {
                case Init.Normal: Gaussian(w, sigma, ref rng); b.Clear(); break;
                case Init.StandardNormal: Gaussian(w, 1.0, ref rng); Gaussian(b, 1.0, ref rng); break;
                case Init.Nielsen: Gaussian(w, 1.0 / Math.Sqrt(fanIn), ref rng); Gaussian(b, 1.0, ref rng); break;
                case Init.GlorotUniform:
                    double limit = Math.Sqrt(6.0 / (fanIn + fanOut));
                    for (int i = 0; i < w.Length; i++) w[i] = (float)((2 * rng.NextDouble() - 1) * limit);
                    b.Clear();
                    break;
                case Init.GlorotNormal: Gaussian(w, Math.Sqrt(2.0 / (fanIn + fanOut)), ref rng); b.Clear(); break;
                case Init.He: Gaussian(w, Math.Sqrt(2.0 / fanIn), ref rng); b.Clear(); break;
                default: throw new ArgumentOutOfRangeException(nameof(init), init, "unknown init");
            }
        }
    }

    private static void Gaussian(Span<float> x, double sigma, ref Rng rng)
    {
        for (int i = 0; i < x.Length; i++) x[i] = (float)(rng.NextGaussian() * sigma);
    }
}
