package io.salespipeline.events;

import java.util.Objects;
import java.util.UUID;

/** Identity of a lead; a UUID, chosen by the client or by the server. */
public record LeadId(UUID value) {

    public LeadId {
        Objects.requireNonNull(value, "lead id");
    }

    public static LeadId newId() {
        return new LeadId(UUID.randomUUID());
    }

    /** @throws IllegalArgumentException when the text is not a UUID */
    public static LeadId of(String text) {
        if (text == null) {
            throw new IllegalArgumentException("lead id is missing");
        }
        return new LeadId(UUID.fromString(text.trim()));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
