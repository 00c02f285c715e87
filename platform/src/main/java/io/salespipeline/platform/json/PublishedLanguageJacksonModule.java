package io.salespipeline.platform.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.salespipeline.events.LeadId;
import io.salespipeline.events.Money;
import org.springframework.stereotype.Component;

import java.io.IOException;

/**
 * JSON shape of the published language's value types, the same in HTTP bodies and in the event
 * store: a {@link LeadId} is its UUID string, a {@link Money} amount a decimal string (exact, with its
 * scale, whatever the reader's number type).
 */
@Component
public class PublishedLanguageJacksonModule extends SimpleModule {

    public PublishedLanguageJacksonModule() {
        super("published-language");
        addSerializer(LeadId.class, new JsonSerializer<>() {
            @Override
            public void serialize(LeadId value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                gen.writeString(value.toString());
            }
        });
        addSerializer(Money.class, new JsonSerializer<>() {
            @Override
            public void serialize(Money value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                gen.writeStartObject();
                gen.writeStringField("amount", value.amount().toPlainString());
                gen.writeStringField("currency", value.currency());
                gen.writeEndObject();
            }
        });
        addDeserializer(LeadId.class, new JsonDeserializer<>() {
            @Override
            public LeadId deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                String text = p.getValueAsString();
                try {
                    return LeadId.of(text);
                } catch (IllegalArgumentException e) {
                    throw InvalidFormatException.from(p, "not a UUID", text, LeadId.class);
                }
            }
        });
    }
}
