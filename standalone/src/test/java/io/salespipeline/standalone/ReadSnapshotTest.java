package io.salespipeline.standalone;

import io.salespipeline.query.projection.ReadSnapshot;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Generic plans ({@link ReadSnapshot#withGenericPlans}) hold for the statements given and no others: not for the
 * rest of the snapshot, not for the next request on the same connection, not after a statement failed.
 */
class ReadSnapshotTest extends StandaloneTest {

    private static final String MODE = "select current_setting('plan_cache_mode')";

    @Autowired
    ReadSnapshot snapshot;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void genericPlansHoldForTheStatementsGivenOnly() {
        List<String> modes = snapshot.read(() -> List.of(
                jdbc.queryForObject(MODE, String.class),
                snapshot.withGenericPlans(() -> jdbc.queryForObject(MODE, String.class)),
                jdbc.queryForObject(MODE, String.class)));

        assertThat(modes).containsExactly("auto", "force_generic_plan", "auto");
        // every connection of the pool, in the next snapshots
        for (int i = 0; i < 20; i++) {
            assertThat(snapshot.read(() -> jdbc.queryForObject(MODE, String.class))).isEqualTo("auto");
        }
    }

    @Test
    void aStatementThatFailsIsToldForWhatItIs_andTheSettingGoesWithItsTransaction() {
        assertThatThrownBy(() -> snapshot.read(() -> snapshot.withGenericPlans(
                () -> jdbc.queryForObject("select 1 / 0", Integer.class))))
                .isInstanceOf(DataAccessException.class)
                .hasMessageContaining("division by zero");

        for (int i = 0; i < 20; i++) {
            assertThat(snapshot.read(() -> jdbc.queryForObject(MODE, String.class))).isEqualTo("auto");
        }
    }
}
