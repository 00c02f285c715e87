package io.salespipeline.query.projection;

import io.salespipeline.platform.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Plain inserts written by PostgreSQL's COPY ({@link CopyIn}) store exactly what the JDBC batch stores, whatever
 * the values; anything else is left to the batch.
 */
class CopyInTest {

    private static final String TABLE = """
            create table %s (id integer primary key, name varchar(200), kind varchar(20), amount numeric(19, 4),
                             at timestamp(6) with time zone, ms bigint, flag boolean)""";
    private static final String INSERT = "insert into %s (id, name, kind, amount, at, ms, flag) values (?, ?, 'FIXED', ?, ?, ?, ?)";

    @Test
    void plansPlainInsertsOnly() {
        assertThat(CopyIn.plan("insert into t (a, b, c) values (?, 'X', ?)")).hasValueSatisfying(plan -> {
            assertThat(plan.copy()).isEqualTo("copy t (a, b, c) from stdin");
            assertThat(plan.constants()).containsExactly(null, "X", null);
            assertThat(plan.parameters()).isEqualTo(2);
        });
        assertThat(CopyIn.plan("""
                insert into lead_fact (lead_id, sequence, kind, occurred_ms, owner)
                values (?, ?, 'OWNER', ?, ?)""")).isPresent();
        assertThat(CopyIn.plan("insert into t (a) select ? where not exists (select 1 from t)")).isEmpty();
        assertThat(CopyIn.plan("insert into t (a, b) values (?, ?) on conflict do nothing")).isEmpty();
        assertThat(CopyIn.plan("insert into t (a, b) values (?, coalesce(?, 1))")).isEmpty();
        assertThat(CopyIn.plan("insert into t (a, b) values (?)")).isEmpty();
        assertThat(CopyIn.plan("update t set a = ? where b = ?")).isEmpty();
    }

    @Test
    void encodesNullsEscapesAndInstants() {
        CopyIn.Plan plan = CopyIn.plan("insert into t (a, b, c, d) values (?, ?, 'K', ?)").orElseThrow();
        byte[] text = CopyIn.encode(plan, List.of(
                new Object[]{1L, "tab\there\\ line\nfeed\rż", Timestamp.from(Instant.parse("2026-03-01T10:15:30.123456Z"))},
                new Object[]{null, new BigDecimal("1E+3"), true}));
        assertThat(new String(text, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(
                "1\ttab\\there\\\\ line\\nfeed\\rż\tK\t2026-03-01T10:15:30.123456000Z\n\\N\t1000\tK\tt\n");
        assertThat(CopyIn.encode(plan, List.<Object[]>of(new Object[]{1L, 2.5d, null}))).as("a double: left to the batch").isNull();
        assertThat(CopyIn.encode(plan, List.<Object[]>of(new Object[]{1L, "x", Timestamp.from(Instant.parse("+10000-01-01T00:00:00Z"))})))
                .as("a year beyond 9999: left to the batch").isNull();
        assertThat(new String(CopyIn.encode(plan, List.<Object[]>of(new Object[]{1L, "𝄞€é", Instant.parse("1970-01-01T00:00:00Z")})),
                java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("1\t𝄞€é\tK\t1970-01-01T00:00:00Z\n");
        // whole numbers of every size and sign, escapes at either end or alone, a lone surrogate as Java encodes it
        CopyIn.Plan numbers = CopyIn.plan("insert into t (a, b, c) values (?, ?, ?)").orElseThrow();
        assertThat(new String(CopyIn.encode(numbers, List.of(
                        new Object[]{0L, -1, "\\"}, new Object[]{Long.MIN_VALUE, Integer.MIN_VALUE, "\n\r\t"},
                        new Object[]{Long.MAX_VALUE, Integer.MAX_VALUE, "\tx\\"}, new Object[]{-1234567890123L, 10, "a\uD800b"},
                        new Object[]{9L, (short) 7, ""})),
                java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("0\t-1\t\\\\\n"
                + "-9223372036854775808\t-2147483648\t\\n\\r\\t\n"
                + "9223372036854775807\t2147483647\t\\tx\\\\\n"
                + "-1234567890123\t10\ta?b\n"
                + "9\t7\t\n");
    }

    @Test
    void copiedRowsEqualBatchedRows_onPostgres() {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(TestDatabase.url(), TestDatabase.user(), "");
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        String copied = "copy_in_" + UUID.randomUUID().toString().substring(0, 8);
        String batched = copied + "_batch";
        jdbc.execute(TABLE.formatted(copied));
        jdbc.execute(TABLE.formatted(batched));
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            rows.add(new Object[]{i, i % 3 == 0 ? null : "name " + i + " \\ \t \n \r 'quoted' \"dq\" ąę 𝄞 ,;|",
                    i % 4 == 0 ? null : new BigDecimal("12345.6789").multiply(BigDecimal.valueOf(i - 20)),
                    i % 5 == 0 ? null : Timestamp.from(Instant.parse("1901-12-31T23:59:58.5Z").plusMillis(i * 86_399_999_999L + i)),
                    i % 6 == 0 ? null : Long.MAX_VALUE - i, i % 7 == 0 ? null : i % 2 == 0});
        }
        TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        CopyIn copy = new CopyIn(jdbc);
        boolean[] written = new boolean[1];
        transaction.executeWithoutResult(tx -> {
            written[0] = copy.write(INSERT.formatted(copied), rows);
            jdbc.batchUpdate(INSERT.formatted(batched), rows);
        });

        assertThat(written[0]).isTrue();
        String select = "select id, name, kind, amount, at, ms, flag from %s order by id";
        List<Map<String, Object>> byCopy = jdbc.queryForList(select.formatted(copied));
        assertThat(byCopy).hasSize(40).isEqualTo(jdbc.queryForList(select.formatted(batched)));

        // a row the database refuses fails the whole statement, as the batch would, and nothing of it stays
        assertThatThrownBy(() -> transaction.executeWithoutResult(tx ->
                copy.write(INSERT.formatted(copied), List.<Object[]>of(new Object[]{100, "new", null, null, null, null},
                        new Object[]{0, "again", null, null, null, null}))))
                .isInstanceOf(DuplicateKeyException.class);
        assertThat(jdbc.queryForObject("select count(*) from " + copied, Integer.class)).isEqualTo(40);
    }
}
