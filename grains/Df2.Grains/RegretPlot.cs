using System.Globalization;
using System.Net;
using System.Text;

namespace Df2.Grains;

/// <summary>
/// The regret table as a picture (SVG, no script, no external resources): one panel per task, side by side, each
/// method (variant) of the task a row with its mean regret as a point and its 95 % t-confidence interval as an error
/// bar (<see cref="SummaryRow.CiLow"/>–<see cref="SummaryRow.CiHigh"/>; a single cell has a point only). Each panel has
/// its own axis (tasks' costs are in different units), running from the lowest to the highest end of any bar, with
/// the numbers of its ends and of every mean. Rows with no finished cell are listed as "n = 0". DF2 is drawn in the
/// accent colour. `df2 run` writes it as plot.svg; `df2 table ID --format svg` and the sweep page show the same.
/// </summary>
public static class RegretPlot
{
    private const int PanelWidth = 360, Left = 150, Right = 20, RowHeight = 22, Top = 44, Bottom = 36;

    public static string Svg(IReadOnlyList<SummaryRow> rows)
    {
        var tasks = rows.GroupBy(r => r.Task).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        int maxRows = tasks.Count == 0 ? 1 : tasks.Max(t => t.Count());
        int width = Math.Max(1, tasks.Count) * (Left + PanelWidth + Right), height = Top + maxRows * RowHeight + Bottom;
        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\" font-size=\"11\">"));
        svg.Append("<title>Decision regret by task and method: mean and 95% t-confidence interval (lower is better)</title>");
        svg.Append(Invariant($"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>"));
        if (tasks.Count == 0) svg.Append("<text x=\"10\" y=\"24\">no finished cells yet</text>");
        for (int p = 0; p < tasks.Count; p++) Panel(svg, tasks[p].Key, [.. tasks[p]], p * (Left + PanelWidth + Right));
        return svg.Append("</svg>\n").ToString();
    }

    private static void Panel(StringBuilder svg, string task, List<SummaryRow> rows, int x0)
    {
        var finished = rows.Where(r => r.N > 0 && double.IsFinite(r.Mean)).ToList();
        double lo = finished.Select(r => double.IsFinite(r.CiLow) ? Math.Min(r.CiLow, r.Mean) : r.Mean).DefaultIfEmpty(0).Min();
        double hi = finished.Select(r => double.IsFinite(r.CiHigh) ? Math.Max(r.CiHigh, r.Mean) : r.Mean).DefaultIfEmpty(1).Max();
        if (hi - lo < 1e-12 * Math.Max(1, Math.Abs(hi))) { lo -= 0.5 * Math.Max(1e-9, Math.Abs(lo)); hi += 0.5 * Math.Max(1e-9, Math.Abs(hi)); }
        double pad = 0.05 * (hi - lo);
        lo -= pad; hi += pad;
        double Px(double v) => x0 + Left + (v - lo) / (hi - lo) * PanelWidth;
        int bottom = Top + rows.Count * RowHeight;
        svg.Append(Invariant($"<text x=\"{x0 + Left}\" y=\"18\" font-weight=\"bold\" font-size=\"13\">{Esc(task)}</text>"));
        svg.Append(Invariant($"<text x=\"{x0 + Left}\" y=\"34\" fill=\"#555\">regret, mean and 95% CI</text>"));
        svg.Append(Invariant($"<line x1=\"{x0 + Left}\" y1=\"{bottom}\" x2=\"{x0 + Left + PanelWidth}\" y2=\"{bottom}\" stroke=\"#888\"/>"));
        svg.Append(Invariant($"<text x=\"{x0 + Left}\" y=\"{bottom + 14}\" fill=\"#555\">{Num(lo)}</text>"));
        svg.Append(Invariant($"<text x=\"{x0 + Left + PanelWidth}\" y=\"{bottom + 14}\" fill=\"#555\" text-anchor=\"end\">{Num(hi)}</text>"));
        for (int i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            double y = Top + i * RowHeight + RowHeight / 2.0;
            string colour = RegretTable.IsProposed(r.Method) ? "#c33" : "#26b";
            svg.Append(Invariant($"<text x=\"{x0 + Left - 8}\" y=\"{y + 4:F1}\" text-anchor=\"end\">{Esc(r.Label)}</text>"));
            svg.Append(Invariant($"<line x1=\"{x0 + Left}\" y1=\"{y:F1}\" x2=\"{x0 + Left + PanelWidth}\" y2=\"{y:F1}\" stroke=\"#eee\"/>"));
            if (r.N == 0 || !double.IsFinite(r.Mean))
            {
                svg.Append(Invariant($"<text x=\"{x0 + Left + 4}\" y=\"{y + 4:F1}\" fill=\"#999\">n = 0</text>"));
                continue;
            }
            if (double.IsFinite(r.CiLow) && double.IsFinite(r.CiHigh))
            {
                svg.Append(Invariant($"<line x1=\"{Px(r.CiLow):F1}\" y1=\"{y:F1}\" x2=\"{Px(r.CiHigh):F1}\" y2=\"{y:F1}\" stroke=\"{colour}\" stroke-width=\"1.5\"/>"));
                foreach (var end in new[] { r.CiLow, r.CiHigh })
                    svg.Append(Invariant($"<line x1=\"{Px(end):F1}\" y1=\"{y - 5:F1}\" x2=\"{Px(end):F1}\" y2=\"{y + 5:F1}\" stroke=\"{colour}\" stroke-width=\"1.5\"/>"));
            }
            svg.Append(Invariant($"<circle cx=\"{Px(r.Mean):F1}\" cy=\"{y:F1}\" r=\"3.5\" fill=\"{colour}\"><title>{Esc(r.Label)}: mean {Num(r.Mean)}, 95% CI [{Num(r.CiLow)}, {Num(r.CiHigh)}], n = {r.N}</title></circle>"));
            svg.Append(Invariant($"<text x=\"{Px(r.Mean):F1}\" y=\"{y - 6:F1}\" text-anchor=\"middle\" font-size=\"9\" fill=\"#333\">{Num(r.Mean)} (n={r.N})</text>"));
        }
    }

    private static string Num(double v) => double.IsFinite(v) ? v.ToString("G4", CultureInfo.InvariantCulture) : "–";

    private static string Esc(string s) => WebUtility.HtmlEncode(s);

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
