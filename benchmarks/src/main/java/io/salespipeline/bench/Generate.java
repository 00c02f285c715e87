package io.salespipeline.bench;

import io.salespipeline.history.HistoryGenerator;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * {@code generate --leads N [--seed S] [--end <instant>] [--out file]}: writes N lead histories in the import
 * format ({@code POST /api/imports}) to the file (default standard output) and prints how many leads, commands
 * and events it wrote. The business times end at {@code --end} (default now).
 */
final class Generate {

    private Generate() {
    }

    static void main(String[] args) throws Exception {
        int leads = -1;
        long seed = 1;
        Instant end = Instant.now();
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--leads" -> leads = Integer.parseInt(require(value, "--leads"));
                case "--seed" -> seed = Long.parseLong(require(value, "--seed"));
                case "--end" -> end = Instant.parse(require(value, "--end"));
                case "--out" -> out = Path.of(require(value, "--out"));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
            i++;
        }
        if (leads < 0) {
            throw new IllegalArgumentException("--leads N is required");
        }
        long started = System.nanoTime();
        HistoryGenerator.Counts counts;
        try (Writer writer = out == null
                ? new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16)
                : Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            counts = new HistoryGenerator(seed, end).write(leads, writer);
        }
        System.err.printf("%d leads, %d commands, %d events written%s in %.1f s%n", counts.leads(), counts.commands(),
                counts.events(), out == null ? "" : " to " + out, (System.nanoTime() - started) / 1e9);
    }

    private static String require(String value, String option) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }
}
