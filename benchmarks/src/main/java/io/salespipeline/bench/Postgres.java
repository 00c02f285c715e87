package io.salespipeline.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PostgreSQL server the benchmark runs against ({@code BENCH_PG}, default 127.0.0.1:5432, user
 * {@code BENCH_PG_USER}, default postgres): databases of its own, and the server's own append rate.
 */
final class Postgres {

    static final String HOST_PORT = System.getenv().getOrDefault("BENCH_PG", "127.0.0.1:5432");
    static final String USER = System.getenv().getOrDefault("BENCH_PG_USER", "postgres");

    private Postgres() {
    }

    static String url(String database) {
        return "jdbc:postgresql://" + HOST_PORT + "/" + database;
    }

    static void createDatabase(String name) throws SQLException {
        execute("postgres", "drop database if exists " + name + " with (force)");
        execute("postgres", "create database " + name);
    }

    static void dropDatabase(String name) throws SQLException {
        execute("postgres", "drop database if exists " + name + " with (force)");
    }

    static void execute(String database, String... sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url(database), USER, "");
             Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        }
    }

    static long queryLong(String database, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url(database), USER, "");
             Statement s = c.createStatement(); var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The server processes currently serving {@code database}. */
    static List<Long> backendPids(String database) throws SQLException {
        List<Long> pids = new java.util.ArrayList<>();
        try (Connection c = DriverManager.getConnection(url("postgres"), USER, "");
             var s = c.prepareStatement("select pid from pg_stat_activity where datname = ?")) {
            s.setString(1, database);
            try (var rs = s.executeQuery()) {
                while (rs.next()) {
                    pids.add(rs.getLong(1));
                }
            }
        }
        return pids;
    }

    /** pgbench's figures: transactions a second and mean latency. */
    record Pgbench(double tps, double latencyMs) {
    }

    /**
     * PostgreSQL's own rate for what a command must at least do: one transaction that appends one row shaped
     * like an event of {@code domain_event_entry} (same columns, keys and sequence, a realistic JSON payload),
     * from {@code clients} concurrent clients.
     */
    static Pgbench rawAppend(int clients, int seconds, Path workDir) throws Exception {
        String database = "bench_anchor_" + ProcessHandle.current().pid();
        createDatabase(database);
        try {
            execute(database, """
                    create sequence domain_event_entry_seq start with 1 increment by 1""", """
                    create table domain_event_entry (
                        global_index bigint not null, aggregate_identifier varchar(255) not null,
                        sequence_number bigint not null, type varchar(255), event_identifier varchar(255) not null,
                        meta_data bytea, payload bytea not null, payload_revision varchar(255),
                        payload_type varchar(255) not null, time_stamp varchar(255) not null,
                        primary key (global_index), unique (aggregate_identifier, sequence_number),
                        unique (event_identifier))""");
            Path script = workDir.resolve("raw-append.sql");
            Files.writeString(script, """
                    insert into domain_event_entry (global_index, aggregate_identifier, sequence_number, type, event_identifier, meta_data, payload, payload_type, time_stamp) values (nextval('domain_event_entry_seq'), gen_random_uuid()::text, 0, 'Lead', gen_random_uuid()::text, convert_to('{"user":"bench","roles":"SALES","traceId":"0f8fad5b-d9cb-469f-a165-70867728950e","correlationId":"0f8fad5b-d9cb-469f-a165-70867728950e"}', 'UTF8'), convert_to('{"leadId":"7c9e6679-7425-40de-944b-e07fc1f90ae7","company":{"name":"ACME Sp. z o.o.","taxId":"PL5260001246","address":"Warszawa"},"contact":{"name":"Jan Kowalski","email":"jan@acme.pl","phone":"+48 600 100 200"},"source":"REFERRAL","priorContact":false,"owner":"bench","notes":null,"occurredAt":"2026-11-27T10:00:00Z"}', 'UTF8'), 'io.salespipeline.events.LeadRegistered', '2026-11-27T10:00:00.000Z');
                    """, StandardCharsets.UTF_8);
            String[] hostPort = HOST_PORT.split(":");
            Process pgbench = new ProcessBuilder(List.of("pgbench", "-h", hostPort[0], "-p", hostPort[1], "-U", USER, "-n",
                    "-c", String.valueOf(clients), "-j", "4", "-T", String.valueOf(seconds), "-f", script.toString(), database))
                    .redirectErrorStream(true).start();
            String output = new String(pgbench.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!pgbench.waitFor(seconds + 60L, TimeUnit.SECONDS) || pgbench.exitValue() != 0) {
                throw new IOException("pgbench failed:\n" + output);
            }
            return new Pgbench(number(output, "tps = ([0-9.]+)"), number(output, "latency average = ([0-9.]+) ms"));
        } finally {
            dropDatabase(database);
        }
    }

    private static double number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("no " + regex + " in pgbench's output:\n" + text);
        }
        return Double.parseDouble(m.group(1));
    }
}
