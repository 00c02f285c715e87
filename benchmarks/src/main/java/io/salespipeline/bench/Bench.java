package io.salespipeline.bench;

import java.util.Arrays;

/**
 * The project's benchmarks, run on purpose (never by the test command), from the project's root after
 * {@code mvn -q -DskipTests package}:
 * <pre>
 * java -jar benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar write-path [--profile]
 * java -jar benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar scale
 * java -jar benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar generate --leads 100000 --seed 1 --out history.ndjson
 * </pre>
 */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        String which = args.length == 0 ? "" : args[0];
        String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        switch (which) {
            case "write-path" -> WritePathBenchmark.main(rest);
            case "scale" -> ScaleBenchmark.main(rest);
            case "generate" -> Generate.main(rest);
            case "jfr" -> Profile.markdown(rest[0], Profile.of(java.nio.file.Path.of(rest[0]), 30)).forEach(System.out::println);
            default -> {
                System.err.println("usage: java -jar benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar write-path [--profile] | scale | generate --leads N [--seed S] --out FILE");
                System.err.println("       java -jar benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar generate --leads N [--seed S] "
                        + "[--end <instant>] [--out file.ndjson]");
                System.exit(2);
            }
        }
    }
}
