package io.salespipeline.platform.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A PostgreSQL database of its own for each test run (JVM), on the server at
 * {@code PIPELINE_TEST_PG} (default 127.0.0.1:5432, user postgres, trust auth). Dropped when the JVM
 * exits; databases left behind by runs that died are dropped on the next run.
 */
public final class TestDatabase {

    private static final String SERVER = System.getenv().getOrDefault("PIPELINE_TEST_PG", "127.0.0.1:5432");
    private static final String USER = System.getenv().getOrDefault("PIPELINE_TEST_PG_USER", "postgres");
    private static final String PREFIX = "pipeline_test_";
    private static final String SHARED = create();

    private TestDatabase() {
    }

    /** The JDBC URL of this run's database. */
    public static String url() {
        return SHARED;
    }

    public static String user() {
        return USER;
    }

    /** Points a Spring test context at this run's database (for {@code @DynamicPropertySource}). */
    public static void register(org.springframework.test.context.DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", TestDatabase::url);
        registry.add("spring.datasource.username", TestDatabase::user);
    }

    /** Another fresh database, for tests that must not share state with the run's database. */
    public static synchronized String create() {
        dropAbandoned();
        String name = PREFIX + ProcessHandle.current().pid() + "_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
        execute("create database " + name);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> execute("drop database if exists " + name + " with (force)")));
        return "jdbc:postgresql://" + SERVER + "/" + name;
    }

    /** Databases of test runs whose process is gone. */
    private static void dropAbandoned() {
        List<String> abandoned = new ArrayList<>();
        try (Connection c = admin(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select datname from pg_database where datname like '" + PREFIX + "%'")) {
            while (rs.next()) {
                String name = rs.getString(1);
                String[] parts = name.substring(PREFIX.length()).split("_");
                long pid = parseLong(parts[0]);
                if (pid > 0 && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true)) {
                    abandoned.add(name);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL is not reachable at " + SERVER + " as " + USER
                    + " (start it: pg_ctlcluster --skip-systemctl-redirect 15 main start)", e);
        }
        abandoned.forEach(name -> execute("drop database if exists " + name + " with (force)"));
    }

    private static void execute(String sql) {
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("failed: " + sql, e);
        }
    }

    private static Connection admin() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + SERVER + "/postgres", USER, "");
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
