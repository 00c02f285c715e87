package io.salespipeline.query.projection;

import org.postgresql.PGConnection;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;

import javax.sql.DataSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
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
     * The COPY statement of an insert, and its values: {@code constants[i]} is the i-th column's constant (its text,
     * unquoted), or null where the column takes the next parameter.
     */
    record Plan(String copy, String[] constants, int parameters) {
    }

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final ReadModelDatabase database;

    CopyIn(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.dataSource = jdbc.getDataSource();
        this.database = new ReadModelDatabase(jdbc);
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
            constants[i] = constant.group(1) != null ? constant.group(1) : values[i];
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

    boolean isPostgres() {
        return database.isPostgres();
    }

    /** The rows in COPY's text format (UTF-8); null if a value is of a type not written here. */
    static byte[] encode(Plan plan, List<Object[]> rows) {
        Text text = new Text(rows.size() * 160);
        String[] constants = plan.constants();
        for (Object[] row : rows) {
            if (row.length != plan.parameters()) {
                return null;
            }
            int parameter = 0;
            for (int column = 0; column < constants.length; column++) {
                if (column > 0) {
                    text.ascii('\t');
                }
                if (constants[column] != null) {
                    text.escaped(constants[column]);
                } else if (!value(row[parameter++], text)) {
                    return null;
                }
            }
            text.ascii('\n');
        }
        return text.bytes();
    }

    private static boolean value(Object value, Text text) {
        if (value == null) {
            text.ascii("\\N");
        } else if (value instanceof String s) {
            text.escaped(s);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof BigInteger) {
            text.ascii(value.toString());
        } else if (value instanceof BigDecimal d) {
            text.ascii(d.toPlainString());
        } else if (value instanceof Boolean b) {
            text.ascii(b ? 't' : 'f');
        } else if (value instanceof Timestamp t) {
            // the instant, in UTC: every time column of the read models is a timestamp with time zone
            return text.instant(Math.floorDiv(t.getTime(), 1000), t.getNanos());
        } else if (value instanceof Instant i) {
            return text.instant(i.getEpochSecond(), i.getNano());
        } else {
            return false;
        }
        return true;
    }

    /**
     * COPY's text, written as UTF-8 bytes as it is built (a {@code StringBuilder} would copy itself wide at the
     * first letter beyond Latin-1, and once more to encode).
     */
    static final class Text {

        private byte[] bytes;
        private int size;

        Text(int capacity) {
            bytes = new byte[Math.max(capacity, 64)];
        }

        byte[] bytes() {
            return java.util.Arrays.copyOf(bytes, size);
        }

        private void room(int more) {
            if (size + more > bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }

        void ascii(char c) {
            room(1);
            bytes[size++] = (byte) c;
        }

        void ascii(String s) {
            room(s.length());
            for (int i = 0; i < s.length(); i++) {
                bytes[size++] = (byte) s.charAt(i);
            }
        }

        /** {@code s} with COPY's escapes: the backslash, and the tab, newline and carriage return that separate values and rows. */
        void escaped(String s) {
            room(s.length() * 3);
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c < 0x80) {
                    switch (c) {
                        case '\\' -> two('\\', '\\');
                        case '\t' -> two('\\', 't');
                        case '\n' -> two('\\', 'n');
                        case '\r' -> two('\\', 'r');
                        default -> bytes[size++] = (byte) c;
                    }
                } else if (c < 0x800) {
                    bytes[size++] = (byte) (0xc0 | (c >> 6));
                    bytes[size++] = (byte) (0x80 | (c & 0x3f));
                } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    int cp = Character.toCodePoint(c, s.charAt(++i));
                    room(4);
                    bytes[size++] = (byte) (0xf0 | (cp >> 18));
                    bytes[size++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
                    bytes[size++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
                    bytes[size++] = (byte) (0x80 | (cp & 0x3f));
                } else if (Character.isSurrogate(c)) {
                    bytes[size++] = (byte) '?'; // a lone surrogate, as Java's UTF-8 encoder writes it
                } else {
                    bytes[size++] = (byte) (0xe0 | (c >> 12));
                    bytes[size++] = (byte) (0x80 | ((c >> 6) & 0x3f));
                    bytes[size++] = (byte) (0x80 | (c & 0x3f));
                }
            }
        }

        private void two(char a, char b) {
            room(2);
            bytes[size++] = (byte) a;
            bytes[size++] = (byte) b;
        }

        /**
         * {@code 2026-03-01T10:15:30.123456789Z}: the instant in UTC, every digit of its nanoseconds (PostgreSQL rounds
         * to microseconds, as it does the driver's text); false for a year outside 1..9999 (left to the batch).
         */
        boolean instant(long epochSecond, int nanos) {
            long day = Math.floorDiv(epochSecond, 86_400);
            int secondOfDay = (int) Math.floorMod(epochSecond, 86_400);
            java.time.LocalDate date = java.time.LocalDate.ofEpochDay(day);
            if (date.getYear() < 1 || date.getYear() > 9999) {
                return false;
            }
            room(32);
            digits(date.getYear(), 4);
            bytes[size++] = '-';
            digits(date.getMonthValue(), 2);
            bytes[size++] = '-';
            digits(date.getDayOfMonth(), 2);
            bytes[size++] = 'T';
            digits(secondOfDay / 3600, 2);
            bytes[size++] = ':';
            digits(secondOfDay / 60 % 60, 2);
            bytes[size++] = ':';
            digits(secondOfDay % 60, 2);
            if (nanos != 0) {
                bytes[size++] = '.';
                digits(nanos, 9);
            }
            bytes[size++] = 'Z';
            return true;
        }

        private void digits(int value, int width) {
            for (int i = width - 1; i >= 0; i--) {
                bytes[size + i] = (byte) ('0' + value % 10);
                value /= 10;
            }
            size += width;
        }
    }
}
