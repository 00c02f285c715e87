package io.salespipeline.platform.json;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
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
 * With the module, an instant writes and reads as with Jackson's Java time module alone: the same instant for every shape that
 * module reads, the same refusal for what it refuses.
 */
class IsoInstantJacksonModuleTest {

    private static final ObjectMapper PLAIN = JsonMapper.builder().addModule(new JavaTimeModule()).build();
    private static final ObjectMapper WITH = JsonMapper.builder().addModule(new JavaTimeModule())
            .addModule(new IsoInstantJacksonModule()).build();

    record Holder(Instant at, List<Instant> more) {
    }

    /** As Spring Boot configures its mapper: instants as text. */
    private static final ObjectMapper PLAIN_TEXT = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
    private static final ObjectMapper WITH_TEXT = JsonMapper.builder().addModule(new JavaTimeModule())
            .addModule(new IsoInstantJacksonModule()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    record Formatted(@JsonFormat(pattern = "yyyy-MM-dd HH:mm", timezone = "Europe/Warsaw") Instant at, Instant plain) {
    }

    @Test
    void writesEveryInstantAsTheJavaTimeModuleDoes() throws Exception {
        Random random = new Random(20261129L);
        List<Instant> instants = new ArrayList<>(List.of(Instant.EPOCH, Instant.MIN, Instant.MAX, Instant.parse("0000-01-01T00:00:00Z"),
                Instant.parse("0000-01-01T00:00:00Z").minusNanos(1), Instant.parse("9999-12-31T23:59:59.999999999Z"),
                Instant.parse("9999-12-31T23:59:59.999999999Z").plusNanos(1), Instant.parse("1969-12-31T23:59:59.999Z"),
                Instant.parse("2024-02-29T12:00:00.000001Z"), Instant.parse("2026-11-28T16:31:13.7Z")));
        for (int i = 0; i < 5_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-70_000_000_000L, 260_000_000_000L), random.nextInt(1_000_000_000));
            instants.addAll(List.of(instant, instant.truncatedTo(ChronoUnit.MICROS), instant.truncatedTo(ChronoUnit.MILLIS),
                    instant.truncatedTo(ChronoUnit.SECONDS)));
        }
        for (Instant instant : instants) {
            Holder holder = new Holder(instant, List.of(instant));
            assertThat(WITH_TEXT.writeValueAsString(holder)).as(instant.toString()).isEqualTo(PLAIN_TEXT.writeValueAsString(holder));
            assertThat(WITH_TEXT.writeValueAsString(instant)).isEqualTo(PLAIN_TEXT.writeValueAsString(instant));
        }
        // written here, not by the module's formatter
        assertThat(WITH_TEXT.getSerializerProviderInstance().findValueSerializer(Instant.class, null))
                .isInstanceOf(IsoInstantJacksonModule.CanonicalWriter.class);
        // as numbers, and in a format of the property's own, as the module writes them
        Instant instant = Instant.parse("2026-11-28T16:31:13.702571Z");
        Formatted formatted = new Formatted(instant, instant);
        assertThat(WITH_TEXT.writeValueAsString(formatted)).isEqualTo(PLAIN_TEXT.writeValueAsString(formatted))
                .contains("\"2026-11-28 17:31\"");
        assertThat(WITH.writeValueAsString(new Holder(instant, List.of()))).isEqualTo(PLAIN.writeValueAsString(new Holder(instant, List.of())))
                .contains("1795883473.702571");
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
