package io.salespipeline.platform.config;

import org.axonframework.common.DateTimeUtils;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class StoredTimestampsTest {

    @Test
    void readsWhatAxonWrites_andAgreesWithAxonsParser() {
        Random random = new Random(20261127L);
        for (int i = 0; i < 20_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-2_000_000_000L, 8_000_000_000L), random.nextInt(1_000_000_000));
            String written = DateTimeUtils.formatInstant(instant);
            assertThat(StoredTimestamps.parse(written)).as(written).isEqualTo(DateTimeUtils.parseInstant(written));
            String full = instant.toString();
            assertThat(StoredTimestamps.parse(full)).as(full).isEqualTo(instant);
        }
    }

    @Test
    void everyFractionLength_andOtherShapesGoToAxonsParser() {
        assertThat(StoredTimestamps.parse("2026-11-27T16:06:35Z")).isEqualTo(Instant.parse("2026-11-27T16:06:35Z"));
        assertThat(StoredTimestamps.parse("2026-11-27T16:06:35.4Z")).isEqualTo(Instant.parse("2026-11-27T16:06:35.400Z"));
        assertThat(StoredTimestamps.parse("2026-11-27T16:06:35.466Z")).isEqualTo(Instant.parse("2026-11-27T16:06:35.466Z"));
        assertThat(StoredTimestamps.parse("2026-11-27T17:57:49.914841212Z")).isEqualTo(Instant.parse("2026-11-27T17:57:49.914841212Z"));
        assertThat(StoredTimestamps.parse("2024-02-29T23:59:59.999Z")).isEqualTo(Instant.parse("2024-02-29T23:59:59.999Z"));
        // not the column's shape: Axon's parser answers (offsets, no zone letter)
        assertThat(StoredTimestamps.parse("2026-11-27T18:06:35.466+02:00")).isEqualTo(Instant.parse("2026-11-27T16:06:35.466Z"));
    }
}
