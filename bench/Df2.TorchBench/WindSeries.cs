using System.Globalization;
using static TorchSharp.torch;

namespace Df2.TorchBench;

/// <summary>
/// The wind task's training windows at the paper's shape (App. F.3), enough for timing: the TSO file's
/// hourly means of quarter-hours, scaled so the first 64 % (training segment) peaks at 4; windows
/// x = 24 past hours [N, 24, 1], y = hours 13..24 ahead [N, 12] (learning's WindTask builds the same shapes).
/// </summary>
public static class WindSeries
{
    public const int InputHours = 24, FirstAhead = 13, OutputHours = 12;

    public static (Tensor X, Tensor Y) TrainingWindows(string path)
    {
        var hourly = new List<float>();
        foreach (var (line, row) in File.ReadLines(path).Skip(1).Select((l, i) => (l, i + 2)))
        {
            if (line.Length == 0) continue;
            var cells = line.Split(',');
            if (cells.Length != 97) throw new InvalidDataException($"{path}: row {row} has {cells.Length} columns, expected 97 (Date + 96 quarter-hours).");
            for (int h = 0; h < 24; h++)
                hourly.Add((float)Enumerable.Range(1 + 4 * h, 4).Average(c => double.Parse(cells[c], CultureInfo.InvariantCulture)));
        }
        int nTrain = (int)Math.Round(0.64 * hourly.Count);
        var train = tensor(hourly.Take(nTrain).ToArray());
        train = train * (4 / train.max().item<float>());
        long windows = nTrain - InputHours - (FirstAhead + OutputHours - 1) + 1;
        var x = train.unfold(0, InputHours, 1).narrow(0, 0, windows).unsqueeze(-1).contiguous();              // [N, 24, 1]
        var y = train.unfold(0, OutputHours, 1).narrow(0, InputHours + FirstAhead - 1, windows).contiguous();  // [N, 12]
        return (x, y);
    }
}
