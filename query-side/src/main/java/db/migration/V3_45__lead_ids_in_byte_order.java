package db.migration;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

import java.sql.Statement;
import java.util.List;

/**
 * Issue 7: on PostgreSQL the read models' lead ids compare and sort by their bytes ({@code collate "C"}), not by
 * the database's locale: the keys and indexes that begin with a lead are built (a replay builds them all) and
 * searched without the locale's comparison (an index of {@code board_period} by lead at 100,000 leads: 1.9-2.1 s
 * to build, 1.3-1.4 s in byte order). The ids are lowercase UUIDs, whose order is the same either way (hex digits,
 * hyphens at the same places), so no answer changes. The templates of the fresh tables say the same
 * ({@code ${byteOrder}} in {@code db/projections}). Nothing to do on H2, which compares strings by their
 * characters. The view over {@code lead_fact} is dropped for the change of its column's type and created again as
 * it was; the tables are not rewritten (the type stays), only the indexes on a lead's id rebuilt (6.5 s at 100,000
 * leads).
 */
public class V3_45__lead_ids_in_byte_order extends BaseJavaMigration {

    private static final List<String> TABLES = List.of(
            "lead_view", "visit_lead", "board_period", "stage_visit", "lead_fact", "follow_up_due", "funnel_lead");

    @Override
    public void migrate(Context context) throws Exception {
        if (!"PostgreSQL".equals(context.getConnection().getMetaData().getDatabaseProductName())) {
            return;
        }
        try (Statement statement = context.getConnection().createStatement()) {
            statement.execute("drop view if exists lead_owner_period");
            for (String table : TABLES) {
                statement.execute("alter table " + table + " alter column lead_id type varchar(36) collate \"C\"");
            }
            statement.execute("""
                    create view lead_owner_period as
                    select lead_id, owner, occurred_ms as from_ms,
                           lead(occurred_ms) over (partition by lead_id order by occurred_ms, sequence) as until_ms
                    from lead_fact
                    where kind = 'OWNER'""");
        }
    }
}
