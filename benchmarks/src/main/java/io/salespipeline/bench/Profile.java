package io.salespipeline.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where the CPU went, from a JFR recording's execution samples ({@code jfr print --events
 * jdk.ExecutionSample}): the methods most often on top of the stack (self time), and the project's and
 * frameworks' methods most often anywhere on it (inclusive).
 */
final class Profile {

    record Frame(String method, long samples, double share) {
    }

    record Summary(long samples, List<Frame> threads, List<Frame> packages, List<Frame> self, List<Frame> inclusive) {
    }

    private Profile() {
    }

    static Summary of(Path recording, int top) throws Exception {
        Process jfr = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jfr").toString(), "print",
                "--events", "jdk.ExecutionSample", "--stack-depth", "96", recording.toString()).redirectErrorStream(true).start();
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> threads = new HashMap<>();
        Map<String, Long> packages = new HashMap<>();
        Map<String, Long> inclusive = new HashMap<>();
        long samples = 0;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(jfr.getInputStream(), StandardCharsets.UTF_8))) {
            boolean inStack = false;
            boolean first = false;
            Set<String> seen = new HashSet<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String trimmed = line.trim();
                if (trimmed.startsWith("sampledThread = ")) {
                    threads.merge(threadGroup(trimmed), 1L, Long::sum);
                } else if (trimmed.startsWith("stackTrace = [")) {
                    inStack = true;
                    first = true;
                    seen.clear();
                    samples++;
                } else if (inStack && trimmed.equals("]")) {
                    inStack = false;
                } else if (inStack && !trimmed.equals("...")) {
                    String method = trimmed.replaceAll("\\s+line:.*$", "");
                    if (first) {
                        self.merge(method, 1L, Long::sum);
                        packages.merge(packageGroup(method), 1L, Long::sum);
                        first = false;
                    }
                    if (interesting(method) && seen.add(method)) {
                        inclusive.merge(method, 1L, Long::sum);
                    }
                }
            }
        }
        jfr.waitFor();
        return new Summary(samples, top(threads, samples, top), top(packages, samples, top), top(self, samples, top),
                top(inclusive, samples, top));
    }

    /** "http-nio-8080-exec-7" and the like, without the numbers that tell threads of one pool apart. */
    private static String threadGroup(String line) {
        String name = line.substring(line.indexOf('"') + 1, line.lastIndexOf('"'));
        return name.replaceAll("[-#]?\\d+", "").replaceAll("\\[(.*)\\]", "[$1]");
    }

    /** The library a top frame belongs to: its first three package names. */
    private static String packageGroup(String method) {
        String[] parts = method.split("\\(")[0].split("\\.");
        return String.join(".", java.util.Arrays.copyOf(parts, Math.min(3, parts.length - 2 > 0 ? 3 : parts.length)));
    }

    private static boolean interesting(String method) {
        return method.startsWith("io.salespipeline.") || method.startsWith("org.axonframework.")
                || method.startsWith("org.postgresql.") || method.startsWith("com.zaxxer.")
                || method.startsWith("org.springframework.security.") || method.startsWith("org.hibernate.");
    }

    private static List<Frame> top(Map<String, Long> counts, long samples, int top) {
        List<Frame> frames = new ArrayList<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
                .forEach(e -> frames.add(new Frame(e.getKey(), e.getValue(), samples == 0 ? 0 : 100.0 * e.getValue() / samples)));
        return frames;
    }

    static List<String> markdown(String title, Summary summary) {
        List<String> lines = new ArrayList<>();
        lines.add("#### " + title + " (" + summary.samples() + " execution samples)");
        lines.add("");
        lines.add("| CPU % | threads |");
        lines.add("|---|---|");
        summary.threads().forEach(f -> lines.add("| " + String.format("%.1f", f.share()) + " | `" + f.method() + "` |"));
        lines.add("");
        lines.add("| self % | library (top frame) |");
        lines.add("|---|---|");
        summary.packages().forEach(f -> lines.add("| " + String.format("%.1f", f.share()) + " | `" + f.method() + "` |"));
        lines.add("");
        lines.add("| self % | top frame |");
        lines.add("|---|---|");
        summary.self().forEach(f -> lines.add("| " + String.format("%.1f", f.share()) + " | `" + f.method() + "` |"));
        lines.add("");
        lines.add("| inclusive % | project and framework frame |");
        lines.add("|---|---|");
        summary.inclusive().forEach(f -> lines.add("| " + String.format("%.1f", f.share()) + " | `" + f.method() + "` |"));
        lines.add("");
        return lines;
    }

}
