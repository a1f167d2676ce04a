package dev.atelier.engines.quality;

import java.util.List;
import java.util.Locale;

/**
 * One line of the quality table: a measure over a group of cases, Atelier's value beside the baseline's, and the
 * target it is held to (empty when the line only informs).
 */
record Row(String area, String metric, int cases, String atelier, String baseline, String target, String met) {

    static Row of(String area, String metric, int cases, double atelier, String baselineName, double baseline,
            String target, Boolean met) {
        return new Row(area, metric, cases, fmt(atelier), baselineName.isEmpty() ? "" : baselineName + " " + fmt(baseline),
                target, met == null ? "" : met ? "yes" : "**no**");
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e6) {
            return String.valueOf((long) v);
        }
        return String.format(Locale.ROOT, Math.abs(v) >= 10 ? "%.2f" : "%.3f", v);
    }

    static String markdown(List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append("| area | measure | cases | Atelier | baseline | target | met |\n");
        sb.append("|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            sb.append("| ").append(r.area()).append(" | ").append(r.metric()).append(" | ").append(r.cases())
                    .append(" | ").append(r.atelier()).append(" | ").append(r.baseline()).append(" | ")
                    .append(r.target()).append(" | ").append(r.met()).append(" |\n");
        }
        return sb.toString();
    }
}
