package io.salespipeline.query.projection;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A projection's tables, from its template {@code db/projections/<projection>.sql}: the same tables as its
 * migrations leave them, with {@code ${suffix}} after every table, constraint and index name, so that a
 * rebuild can create them afresh under other names ({@code lead_view__next}) and switch them in when they
 * are complete; views over them ({@code <projection>.views.sql}) are created again after the switch.
 */
public final class ProjectionTables {

    public static final String SUFFIX = "${suffix}";
    private static final Pattern TABLE = Pattern.compile("create table (\\w+)\\$\\{suffix}", Pattern.CASE_INSENSITIVE);
    private static final Pattern CONSTRAINT = Pattern.compile("constraint (\\w+)\\$\\{suffix}(\\w*)", Pattern.CASE_INSENSITIVE);
    private static final Pattern FROM = Pattern.compile("\\bfrom (\\w+)\\$\\{suffix}", Pattern.CASE_INSENSITIVE);
    private static final Pattern INDEX = Pattern.compile("create (?:unique )?index (\\w+)\\$\\{suffix}(\\w*) on (\\w+)\\$\\{suffix}",
            Pattern.CASE_INSENSITIVE);

    /** A constraint or index, by its name without suffix, and the table it is on. */
    public record Named(String name, String table, boolean constraint) {

        public String with(String suffix) {
            return insertSuffix(name, table, suffix);
        }
    }

    private final String projection;
    private final String template;
    private final String views;
    private final String rebuilt;
    private final List<String> tables;
    private final List<Named> named;

    private ProjectionTables(String projection, String template, String views, String rebuilt) {
        this.projection = projection;
        this.template = template;
        this.views = views;
        this.rebuilt = rebuilt;
        Set<String> found = new LinkedHashSet<>();
        Matcher t = TABLE.matcher(template);
        while (t.find()) {
            found.add(t.group(1));
        }
        this.tables = List.copyOf(found);
        List<Named> names = new ArrayList<>();
        for (String table : tables) {
            // constraints of a table: the ones inside its "create table" statement
            String statement = statement(template, "create table " + table + SUFFIX);
            Matcher c = CONSTRAINT.matcher(statement);
            while (c.find()) {
                names.add(new Named(c.group(1) + c.group(2), table, true));
            }
        }
        Matcher i = INDEX.matcher(template);
        while (i.find()) {
            names.add(new Named(i.group(1) + i.group(2), i.group(3), false));
        }
        this.named = List.copyOf(names);
    }

    /** The tables of {@code projection}, from its template on the class path. */
    public static ProjectionTables of(String projection) {
        return new ProjectionTables(projection, read("db/projections/" + projection + ".sql", true),
                read("db/projections/" + projection + ".views.sql", false),
                read("db/projections/" + projection + ".rebuilt.sql", false));
    }

    public String projection() {
        return projection;
    }

    /** The table names, as the live tables are called. */
    public List<String> tables() {
        return tables;
    }

    /** The constraints and indexes, by their names on the live tables. */
    public List<Named> named() {
        return named;
    }

    /**
     * Where a lead's id is declared: on PostgreSQL it compares and sorts by its bytes ({@code collate "C"}, as
     * {@code V3_45} leaves the live tables), not by the database's locale, so that the keys and indexes that begin
     * with a lead are built and searched without the locale's comparison (the same order for the ids, lowercase
     * UUIDs). H2 compares strings by their characters already.
     */
    public static final String BYTE_ORDER = "${byteOrder}";

    /** The template with {@code suffix} after every name, for PostgreSQL ({@code postgres}) or H2. */
    public String ddl(String suffix, boolean postgres) {
        return template.replace(SUFFIX, suffix).replace(BYTE_ORDER, postgres ? " collate \"C\"" : "");
    }

    public String views() {
        return views;
    }

    /** Creates the tables under {@code suffix} (dropping leftovers of an earlier attempt first). */
    public void create(JdbcTemplate jdbc, String suffix) {
        createTables(jdbc, suffix);
        createIndexes(jdbc, suffix);
    }

    /**
     * Creates the tables under {@code suffix} with their keys but without their other indexes (dropping
     * leftovers of an earlier attempt first): a rebuild fills them faster, and adds the indexes once filled.
     */
    public void createTables(JdbcTemplate jdbc, String suffix) {
        drop(jdbc, suffix);
        for (String statement : statements(ddl(suffix, new ReadModelDatabase(jdbc).isPostgres()))) {
            if (!isIndex(statement)) {
                jdbc.execute(statement);
            }
        }
    }

    /** Creates the indexes (other than the keys) of the tables under {@code suffix}, if not there yet. */
    public void createIndexes(JdbcTemplate jdbc, String suffix) {
        for (Step index : indexes(suffix)) {
            jdbc.execute(index.sql());
        }
    }

    /**
     * A statement of a rebuild's completion ({@link #indexes}, {@link #rebuilt}), and the table (under its suffix) it
     * builds an index on or reads, if known.
     */
    public record Step(String table, String sql) {
    }

    /** The statements of {@link #createIndexes} ({@code create index if not exists}), in the template's order. */
    public List<Step> indexes(String suffix) {
        List<Step> indexes = new ArrayList<>();
        for (String statement : statements(template)) {
            if (isIndex(statement)) {
                Matcher index = INDEX.matcher(statement);
                // the table named in the statement (null for an index whose name does not follow the template's)
                indexes.add(new Step(index.lookingAt() ? index.group(3) + suffix : null, statement.replace(SUFFIX, suffix)
                        .replaceFirst("(?i)^create (unique )?index ", "create $1index if not exists ")));
            }
        }
        return indexes;
    }

    private static boolean isIndex(String statement) {
        return statement.toLowerCase(java.util.Locale.ROOT).matches("(?s)^create (unique )?index .*");
    }

    /**
     * What a rebuild computes once its tables under {@code suffix} are filled, before they are switched in
     * ({@code <projection>.rebuilt.sql}, if any): what the projection keeps per batch in its live tables. Each
     * statement with the table it reads (its first {@code from}), in the script's order: each fills a table from the
     * projection's other tables alone, so that they may run in any order, and at once.
     */
    public List<Step> rebuilt(String suffix) {
        List<Step> steps = new ArrayList<>();
        for (String statement : statements(rebuilt)) {
            Matcher from = FROM.matcher(statement);
            steps.add(new Step(from.find() ? from.group(1) + suffix : null, statement.replace(SUFFIX, suffix)));
        }
        return steps;
    }

    /** Drops the tables under {@code suffix}, if they exist. */
    public void drop(JdbcTemplate jdbc, String suffix) {
        for (int i = tables.size() - 1; i >= 0; i--) {
            jdbc.execute("drop table if exists " + tables.get(i) + suffix);
        }
    }

    /** Creates the views again (on the tables now called by their live names). */
    public void createViews(JdbcTemplate jdbc) {
        for (String statement : statements(views)) {
            jdbc.execute(statement);
        }
    }

    /** SQL statements of a script: split at semicolons that end a line, comments dropped. */
    static List<String> statements(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String statement = current.toString().strip();
                statements.add(statement.substring(0, statement.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            statements.add(current.toString().strip());
        }
        return statements;
    }

    /** {@code name} (e.g. {@code stage_visit_exited_idx}) with the suffix after its table's part. */
    static String insertSuffix(String name, String table, String suffix) {
        return name.startsWith(table) ? table + suffix + name.substring(table.length()) : name + suffix;
    }

    private static String statement(String script, String start) {
        int from = script.indexOf(start);
        int to = script.indexOf(";", from);
        return script.substring(from, to < 0 ? script.length() : to);
    }

    private static String read(String path, boolean required) {
        ClassPathResource resource = new ClassPathResource(path);
        if (!resource.exists()) {
            if (required) {
                throw new IllegalStateException("no table template " + path);
            }
            return "";
        }
        try {
            return new String(resource.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
