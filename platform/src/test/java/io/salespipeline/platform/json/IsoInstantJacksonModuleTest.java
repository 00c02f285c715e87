package io.salespipeline.platform.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the module, an instant reads as with Jackson's Java time module alone: the same instant for every shape that
 * module reads, the same refusal for what it refuses.
 */
class IsoInstantJacksonModuleTest {

    private static final ObjectMapper PLAIN = JsonMapper.builder().addModule(new JavaTimeModule()).build();
    private static final ObjectMapper WITH = JsonMapper.builder().addModule(new JavaTimeModule())
            .addModule(new IsoInstantJacksonModule()).build();

    record Holder(Instant at, List<Instant> more) {
    }

    @Test
    void readsEveryInstantAsTheJavaTimeModuleDoes() throws Exception {
        Random random = new Random(20261128L);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-2_000_000_000L, 8_000_000_000L), random.nextInt(1_000_000_000));
            texts.add(instant.toString());
            texts.add(instant.truncatedTo(ChronoUnit.MILLIS).toString());
            texts.add(instant.truncatedTo(ChronoUnit.SECONDS).toString());
        }
        texts.addAll(List.of("2026-11-27T16:06:35.4Z", "2024-02-29T23:59:59.999Z", "2026-11-27T18:06:35.466+02:00",
                " 2026-11-27T16:06:35Z ", "2026-11-27t16:06:35z", "+12026-11-27T16:06:35Z", "2026-11-27T16:06:35.123456789Z"));
        for (String text : texts) {
            String json = "{\"at\": \"" + text + "\", \"more\": [\"" + text + "\"]}";
            assertThat(WITH.readValue(json, Holder.class)).as(text).isEqualTo(PLAIN.readValue(json, Holder.class));
        }
        // numbers: epoch seconds, with a fraction
        assertThat(WITH.readValue("{\"at\": 1764259595.5}", Holder.class)).isEqualTo(PLAIN.readValue("{\"at\": 1764259595.5}", Holder.class));
    }

    @Test
    void refusesWhatTheJavaTimeModuleRefuses() {
        int refused = 0;
        for (String text : new String[]{"2026-02-30T10:00:00Z", "2026-13-01T10:00:00Z", "2026-11-27T24:00:00Z", "yesterday",
                "2026-11-27T16:06:61Z", "2026-11-27T16:06:35.Z", "2026-11-27T16:06:35.1234567890Z"}) {
            String json = "{\"at\": \"" + text + "\"}";
            Object plain = outcome(() -> PLAIN.readValue(json, Holder.class));
            Object with = outcome(() -> WITH.readValue(json, Holder.class));
            if (plain instanceof Exception e) {
                assertThat(with).as(text).isInstanceOf(e.getClass());
                refused++;
            } else {
                assertThat(with).as(text).isEqualTo(plain);
            }
        }
        assertThat(refused).isGreaterThan(4);
    }

    private interface Read {
        Object read() throws Exception;
    }

    private static Object outcome(Read read) {
        try {
            return read.read();
        } catch (Exception e) {
            return e;
        }
    }
}
