package io.salespipeline.query.monitoring;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

import static io.salespipeline.query.monitoring.StuckProjections.State.*;
import static org.assertj.core.api.Assertions.assertThat;

/** When a projection counts as stuck for readiness: observations at given instants, a limit of 2 minutes. */
class StuckProjectionsTest {

    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    private final StuckProjections stuck = new StuckProjections(Duration.ofMinutes(2));

    private static ProjectionLag.Lag lag(long position, long head, boolean inError) {
        return new ProjectionLag.Lag("lead-views", position, head, head - position, head > position ? 5_000 : 0, true, inError);
    }

    private StuckProjections.State at(long secondsAfterT0, ProjectionLag.Lag lag) {
        return stuck.observe(lag, T0.plusSeconds(secondsAfterT0)).state();
    }

    @Test
    void caughtUp_isUpToDate_howeverLongNothingHappens() {
        assertThat(at(0, lag(100, 100, false))).isEqualTo(UP_TO_DATE);
        assertThat(at(3600, lag(100, 100, false))).isEqualTo(UP_TO_DATE);
    }

    @Test
    void behindButMoving_isCatchingUp_howeverFarBehind() {
        assertThat(at(0, lag(0, 100_000, false))).isEqualTo(CATCHING_UP);
        assertThat(at(110, lag(1_000, 100_000, false))).isEqualTo(CATCHING_UP);
        assertThat(at(220, lag(2_000, 100_000, false))).isEqualTo(CATCHING_UP);
        assertThat(at(330, lag(3_000, 100_000, false))).isEqualTo(CATCHING_UP);
    }

    @Test
    void eventsWaiting_whileThePositionDoesNotMoveForLongerThanTheLimit_isStalled() {
        assertThat(at(0, lag(100, 100, false))).isEqualTo(UP_TO_DATE);
        // events arrive; the clock runs from the last time it was seen caught up (or moving)
        assertThat(at(10, lag(100, 103, false))).isEqualTo(CATCHING_UP);
        assertThat(at(120, lag(100, 104, false))).isEqualTo(CATCHING_UP);  // exactly 2 minutes: not yet
        assertThat(at(121, lag(100, 104, false))).isEqualTo(STALLED);
        assertThat(stuck.observe(lag(100, 104, false), T0.plusSeconds(121)).stuck()).isTrue();
        assertThat(at(122, lag(101, 104, false))).isEqualTo(CATCHING_UP);  // it moves again
    }

    @Test
    void inErrorModeForLongerThanTheLimit_isFailing_andRecoversWhenTheErrorClears() {
        assertThat(at(0, lag(100, 110, true))).isEqualTo(RETRYING);
        assertThat(at(60, lag(105, 110, true))).isEqualTo(RETRYING);
        assertThat(at(121, lag(105, 110, true))).isEqualTo(FAILING);
        assertThat(at(122, lag(106, 110, false))).isEqualTo(CATCHING_UP);
        assertThat(at(123, lag(106, 110, true))).isEqualTo(RETRYING);     // a new error starts a new clock
    }

    @Test
    void pausedWhileARebuildCatchesItUp_isRebuilding_whileTheRebuildMoves_andStalledWhenItStops() {
        assertThat(stuck.observe(lag(100, 500_000, false), OptionalLong.of(0), T0).state()).isEqualTo(REBUILDING);
        // its own position stays where it was; the rebuild's moves
        assertThat(stuck.observe(lag(100, 500_000, false), OptionalLong.of(90_000), T0.plusSeconds(110)).state())
                .isEqualTo(REBUILDING);
        assertThat(stuck.observe(lag(100, 500_000, false), OptionalLong.of(180_000), T0.plusSeconds(220)).state())
                .isEqualTo(REBUILDING);
        assertThat(stuck.observe(lag(100, 500_000, false), OptionalLong.of(180_000), T0.plusSeconds(341)).state())
                .isEqualTo(STALLED);
        // switched in: the projection's own position, at the head
        assertThat(at(342, lag(500_000, 500_000, false))).isEqualTo(UP_TO_DATE);
    }
}
