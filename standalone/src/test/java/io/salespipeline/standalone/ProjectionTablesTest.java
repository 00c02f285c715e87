package io.salespipeline.standalone;

import io.salespipeline.query.projection.Projection;
import io.salespipeline.query.projection.ProjectionTables;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rebuild creates a projection's tables afresh from its template ({@code db/projections/<name>.sql}):
 * the template must give exactly the tables the migrations give, column by column, key by key, index by
 * index. A migration that changes a projection's table fails here until the template follows.
 */
class ProjectionTablesTest extends StandaloneTest {

    private static final String CHECK = "__check";

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    List<Projection> projections;

    @Test
    void everyProjectionsTemplate_givesTheTablesItsMigrationsGive() {
        assertThat(projections).extracting(Projection::name)
                .containsExactlyInAnyOrder("lead-views", "stage-visits", "pipeline-definitions");
        // a lead's id compares by its bytes in the live tables (V3_45) as in the fresh ones
        assertThat(jdbc.queryForList("""
                select table_name from information_schema.columns
                where table_schema = current_schema() and column_name = 'lead_id' and collation_name = 'C'""", String.class))
                .contains("lead_view", "visit_lead", "board_period", "stage_visit", "lead_fact", "follow_up_due", "funnel_lead");
        for (Projection projection : projections) {
            ProjectionTables tables = projection.tables();
            tables.create(jdbc, CHECK);
            try {
                for (String table : tables.tables()) {
                    assertThat(columns(table + CHECK)).as("columns of %s from the template", table).isEqualTo(columns(table));
                    assertThat(indexes(table + CHECK, table)).as("keys and indexes of %s from the template", table)
                            .isEqualTo(indexes(table, table));
                }
            } finally {
                tables.drop(jdbc, CHECK);
            }
        }
    }

    private List<String> columns(String table) {
        return jdbc.query("""
                        select column_name, data_type, character_maximum_length, numeric_precision, numeric_scale,
                               is_nullable, column_default, collation_name
                        from information_schema.columns where table_schema = current_schema() and table_name = ?
                        order by column_name""",
                (rs, i) -> String.join("|", rs.getString(1), rs.getString(2), String.valueOf(rs.getObject(3)),
                        String.valueOf(rs.getObject(4)), String.valueOf(rs.getObject(5)), rs.getString(6),
                        String.valueOf(rs.getString(7)), String.valueOf(rs.getString(8))), table);
    }

    /** Index definitions with the table's and the indexes' own names taken out. */
    private Set<String> indexes(String table, String liveName) {
        Set<String> definitions = new TreeSet<>();
        for (Map<String, Object> row : jdbc.queryForList(
                "select indexname, indexdef from pg_indexes where schemaname = current_schema() and tablename = ?", table)) {
            String name = row.get("indexname").toString();
            definitions.add(row.get("indexdef").toString().replace(name, "<index>").replace(table, liveName));
        }
        return definitions;
    }
}
