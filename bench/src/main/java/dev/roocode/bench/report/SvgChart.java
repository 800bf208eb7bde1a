package dev.roocode.bench.report;

import dev.roocode.bench.load.Measurement;
import java.util.List;
import java.util.Locale;

/**
 * Throughput (answers per second) and p50/p99 latency over time as one SVG, phases laid end to end on the
 * time axis in the order they ran, each labelled. Latency is on a log scale: a drained backlog waits
 * minutes while a steady phase answers in milliseconds, and both must stay readable. Plain text, no
 * library, no network.
 */
final class SvgChart {
    private static final int WIDTH = 1100;
    private static final int PANEL = 260;
    private static final int LEFT = 70;
    private static final int TOP = 40;
    private static final String[] COLOURS = {
        "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"
    };

    private SvgChart() {}

    static String render(String title, List<Measurement> phases) {
        int totalSeconds = 0;
        double maxRate = 1;
        double maxLatency = 1;
        for (Measurement m : phases) {
            totalSeconds += m.timeline().size() + 2;
            for (Measurement.Point p : m.timeline()) {
                maxRate = Math.max(maxRate, p.answered());
                if (!Double.isNaN(p.p99Ms())) {
                    maxLatency = Math.max(maxLatency, p.p99Ms());
                }
            }
        }
        totalSeconds = Math.max(totalSeconds, 1);
        int plotWidth = WIDTH - LEFT - 20;
        int height = TOP + 2 * PANEL + 110;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"11\">%n",
                WIDTH,
                height));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(String.format(
                Locale.ROOT, "<text x=\"%d\" y=\"20\" font-size=\"15\">%s</text>%n", LEFT, escape(title)));
        int rateTop = TOP;
        int latencyTop = TOP + PANEL + 40;
        axes(svg, rateTop, plotWidth, maxRate, "answers/s");
        logAxes(svg, latencyTop, plotWidth, maxLatency, "latency ms, log scale (solid p99, dashed p50)");
        int offset = 0;
        for (int i = 0; i < phases.size(); i++) {
            Measurement m = phases.get(i);
            String colour = COLOURS[i % COLOURS.length];
            double x0 = LEFT + (double) offset / totalSeconds * plotWidth;
            svg.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ccc\" stroke-dasharray=\"2,3\"/>%n",
                    x0,
                    rateTop,
                    x0,
                    latencyTop + PANEL));
            svg.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%.1f\" y=\"%d\" fill=\"%s\" transform=\"rotate(-90 %.1f %d)\" font-size=\"10\">%s</text>%n",
                    x0 + 10,
                    rateTop + PANEL - 4,
                    colour,
                    x0 + 10,
                    rateTop + PANEL - 4,
                    escape(m.label())));
            StringBuilder rate = new StringBuilder();
            StringBuilder p99 = new StringBuilder();
            StringBuilder p50 = new StringBuilder();
            for (Measurement.Point p : m.timeline()) {
                double x = LEFT + (double) (offset + p.second() + 0.5) / totalSeconds * plotWidth;
                rate.append(
                        String.format(Locale.ROOT, "%.1f,%.1f ", x, rateTop + PANEL - p.answered() / maxRate * PANEL));
                if (!Double.isNaN(p.p99Ms())) {
                    p99.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, logY(latencyTop, p.p99Ms(), maxLatency)));
                    p50.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, logY(latencyTop, p.p50Ms(), maxLatency)));
                }
            }
            polyline(svg, rate, colour, "");
            polyline(svg, p99, colour, "");
            polyline(svg, p50, colour, " stroke-dasharray=\"4,3\"");
            offset += m.timeline().size() + 2;
        }
        svg.append(String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"%d\">seconds, phases end to end (%d s in all)</text>%n",
                LEFT,
                latencyTop + PANEL + 30,
                totalSeconds));
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static void axes(StringBuilder svg, int top, int plotWidth, double max, String label) {
        svg.append(String.format(
                Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#333\"/>%n",
                LEFT,
                top,
                plotWidth,
                PANEL));
        for (int i = 0; i <= 4; i++) {
            double value = max * i / 4;
            int y = top + PANEL - PANEL * i / 4;
            svg.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n",
                    LEFT - 5,
                    y + 4,
                    number(value)));
            svg.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#eee\"/>%n",
                    LEFT,
                    y,
                    LEFT + plotWidth,
                    y));
        }
        svg.append(String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" font-weight=\"bold\">%s</text>%n",
                LEFT + 5,
                top + 14,
                escape(label)));
    }

    /** y of a latency on a log axis from 1 ms to the largest decade at or above {@code max}. */
    private static double logY(int top, double ms, double max) {
        double decades = Math.ceil(Math.log10(Math.max(10, max)));
        return top + PANEL - Math.log10(Math.max(1, ms)) / decades * PANEL;
    }

    private static void logAxes(StringBuilder svg, int top, int plotWidth, double max, String label) {
        svg.append(String.format(
                Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#333\"/>%n",
                LEFT,
                top,
                plotWidth,
                PANEL));
        int decades = (int) Math.ceil(Math.log10(Math.max(10, max)));
        for (int d = 0; d <= decades; d++) {
            double y = logY(top, Math.pow(10, d), max);
            svg.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
                    LEFT - 5,
                    y + 4,
                    number(Math.pow(10, d))));
            svg.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>%n",
                    LEFT,
                    y,
                    LEFT + plotWidth,
                    y));
        }
        svg.append(String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" font-weight=\"bold\">%s</text>%n",
                LEFT + 5,
                top + 14,
                escape(label)));
    }

    private static void polyline(StringBuilder svg, StringBuilder points, String colour, String extra) {
        if (points.length() > 0) {
            svg.append(String.format(
                    Locale.ROOT,
                    "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\"%s points=\"%s\"/>%n",
                    colour,
                    extra,
                    points.toString().trim()));
        }
    }

    private static String number(double value) {
        return value >= 10 ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.1f", value);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
