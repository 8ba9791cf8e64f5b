namespace Harness.Reports.PlotData;

/// <summary>
/// Small images laid out as one picture: <see cref="Tiles"/> tiles of TileHeight x TileWidth, <see cref="Columns"/>
/// per row, one NaN pixel of gap between tiles. Pixels[y, x] with y = 0 the top row, values in [0, 1].
/// </summary>
public sealed record ImageMosaic(int Tiles, int TileHeight, int TileWidth, int Columns, int Rows, double[,] Pixels);
