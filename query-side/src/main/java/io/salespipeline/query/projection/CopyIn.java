package io.salespipeline.query.projection;

import org.postgresql.PGConnection;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;

import javax.sql.DataSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rows of a plain insert ({@code insert into t (a, b, …) values (?, ?, …)}, each value a parameter or a constant)
 * written with PostgreSQL's {@code COPY t (a, b, …) FROM STDIN} instead of a JDBC batch: the same rows, in the same
 * transaction, at the same point of the batch, but sent as one block of text, without binding every value as a
 * parameter of a multi-row insert (in a rebuild's profile, binding the parameters of the projections' batched
 * inserts took about a fifth of the service's CPU). What is not such an insert, a value of a type this class does
 * not write, or a database other than PostgreSQL (H2) is left to the batch.
 */
final class CopyIn {

    private static final Pattern INSERT = Pattern.compile(
            "\\s*insert\\s+into\\s+(\\w+)\\s*\\(([\\w\\s,]+)\\)\\s*values\\s*\\(([^()]*)\\)\\s*",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern CONSTANT = Pattern.compile("'([^'\\\\]*)'|-?\\d+(\\.\\d+)?");
    private static final Map<String, Optional<Plan>> PLANS = new ConcurrentHashMap<>();

    /**
     * The COPY statement of an insert, and its values: {@code constants[i]} is the text of the i-th column's
     * constant, or null where the column takes the next parameter.
     */
    record Plan(String copy, String[] constants, int parameters) {
    }

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    /** Whether the database is PostgreSQL: known at the first use. */
    private volatile Boolean postgres;

    CopyIn(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.dataSource = jdbc.getDataSource();
    }

    /** The plan of {@code sql} if it is a plain insert of parameters and constants. */
    static Optional<Plan> plan(String sql) {
        return PLANS.computeIfAbsent(sql, CopyIn::parse);
    }

    private static Optional<Plan> parse(String sql) {
        Matcher insert = INSERT.matcher(sql);
        if (!insert.matches()) {
            return Optional.empty();
        }
        String[] columns = insert.group(2).trim().split("\\s*,\\s*");
        String[] values = insert.group(3).trim().split("\\s*,\\s*", -1);
        if (columns.length != values.length) {
            return Optional.empty();
        }
        String[] constants = new String[values.length];
        int parameters = 0;
        for (int i = 0; i < values.length; i++) {
            if (values[i].equals("?")) {
                parameters++;
                continue;
            }
            Matcher constant = CONSTANT.matcher(values[i]);
            if (!constant.matches()) {
                return Optional.empty();
            }
            String text = constant.group(1) != null ? constant.group(1) : values[i];
            StringBuilder escaped = new StringBuilder();
            escape(text, escaped);
            constants[i] = escaped.toString();
        }
        return Optional.of(new Plan("copy " + insert.group(1) + " (" + String.join(", ", columns) + ") from stdin",
                constants, parameters));
    }

    /**
     * Writes {@code rows} of {@code sql} with COPY when it can; false (and nothing written) when the rows are for
     * the batch: not a plain insert, a value of another type, not PostgreSQL.
     */
    boolean write(String sql, List<Object[]> rows) {
        Optional<Plan> plan = plan(sql);
        if (plan.isEmpty() || !isPostgres()) {
            return false;
        }
        byte[] data = encode(plan.get(), rows);
        if (data == null) {
            return false;
        }
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn(plan.get().copy(), new ByteArrayInputStream(data));
            return true;
        } catch (SQLException e) {
            throw jdbc.getExceptionTranslator().translate("COPY", plan.get().copy(), e);
        } catch (IOException e) {
            throw new IllegalStateException("COPY failed: " + plan.get().copy(), e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    private boolean isPostgres() {
        Boolean known = postgres;
        if (known == null) {
            Connection connection = DataSourceUtils.getConnection(dataSource);
            try {
                known = connection.isWrapperFor(PGConnection.class);
            } catch (SQLException e) {
                known = false;
            } finally {
                DataSourceUtils.releaseConnection(connection, dataSource);
            }
            postgres = known;
        }
        return known;
    }

    /** The rows in COPY's text format; null if a value is of a type not written here. */
    static byte[] encode(Plan plan, List<Object[]> rows) {
        StringBuilder text = new StringBuilder(rows.size() * 128);
        String[] constants = plan.constants();
        for (Object[] row : rows) {
            if (row.length != plan.parameters()) {
                return null;
            }
            int parameter = 0;
            for (int column = 0; column < constants.length; column++) {
                if (column > 0) {
                    text.append('\t');
                }
                if (constants[column] != null) {
                    text.append(constants[column]);
                } else if (!value(row[parameter++], text)) {
                    return null;
                }
            }
            text.append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static boolean value(Object value, StringBuilder text) {
        if (value == null) {
            text.append("\\N");
        } else if (value instanceof String s) {
            escape(s, text);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof BigInteger) {
            text.append(value);
        } else if (value instanceof BigDecimal d) {
            text.append(d.toPlainString());
        } else if (value instanceof Boolean b) {
            text.append(b ? 't' : 'f');
        } else if (value instanceof Timestamp t) {
            // the instant, with its zone: every time column of the read models is a timestamp with time zone
            text.append(t.toInstant());
        } else if (value instanceof Instant || value instanceof OffsetDateTime || value instanceof LocalDate) {
            text.append(value);
        } else {
            return false;
        }
        return true;
    }

    /** COPY's text escapes: the backslash, and the tab, newline and carriage return that separate values and rows. */
    private static void escape(String s, StringBuilder text) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> text.append("\\\\");
                case '\t' -> text.append("\\t");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                default -> text.append(c);
            }
        }
    }
}
