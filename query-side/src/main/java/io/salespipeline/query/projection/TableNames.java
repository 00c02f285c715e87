package io.salespipeline.query.projection;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which tables a projection's SQL writes: its live tables, or a rebuild's fresh ones (the same names with
 * a suffix, e.g. {@code lead_view__next}). The projection's statements are written with the live names;
 * {@link #sql} puts the suffix after each of its tables' names (once per statement text, then cached).
 */
public final class TableNames {

    private final String suffix;
    private final Pattern names;
    private final Map<String, String> renamed = new ConcurrentHashMap<>();

    public TableNames(Collection<String> tables, String suffix) {
        this.suffix = suffix;
        this.names = Pattern.compile("\\b(" + String.join("|", tables) + ")\\b");
    }

    public static TableNames live(Collection<String> tables) {
        return new TableNames(tables, "");
    }

    public String suffix() {
        return suffix;
    }

    public String sql(String sql) {
        return suffix.isEmpty() ? sql
                : renamed.computeIfAbsent(sql, s -> names.matcher(s).replaceAll(m -> Matcher.quoteReplacement(m.group() + suffix)));
    }
}
