package io.salespipeline.platform.json;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import com.fasterxml.jackson.databind.ser.ContextualSerializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.time.Instant;

/**
 * Writes an {@link Instant} as Jackson's Java time module does with its default format (ISO-8601, as
 * {@code Instant.toString()}) by {@link IsoInstants#format}, several times cheaper than the module's formatter (a
 * fifth of the board's JSON, JFR: docs/benchmarks); as numbers, or in a format of a property's or type's own, by the
 * module's serializer as before.
 * <p>
 * Reads an {@link Instant} written in this service's own shape ({@link IsoInstants}: every instant of the events
 * in the store, and most in requests) with a parser for exactly that shape; any other shape, and a property with a
 * format of its own, with the deserializer of Jackson's Java time module as before, so the answers (and the
 * errors) are the same. Events are read by the projections at every replay and catch-up, and Jackson's
 * {@code DateTimeFormatter} was a twentieth of a replay's CPU (JFR, docs/benchmarks).
 */
@Component
public class IsoInstantJacksonModule extends SimpleModule {

    public IsoInstantJacksonModule() {
        super("iso-instants");
        setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription description,
                                                          JsonDeserializer<?> deserializer) {
                return description.getBeanClass() == Instant.class ? new CanonicalFirst(deserializer) : deserializer;
            }
        });
        setSerializerModifier(new BeanSerializerModifier() {
            @Override
            @SuppressWarnings("unchecked")
            public JsonSerializer<?> modifySerializer(SerializationConfig config, BeanDescription description,
                                                      JsonSerializer<?> serializer) {
                return description.getBeanClass() == Instant.class ? new CanonicalWriter((JsonSerializer<Object>) serializer) : serializer;
            }
        });
    }

    /** The default ISO-8601 text written here, numbers and other formats by {@code delegate}. */
    static final class CanonicalWriter extends StdSerializer<Instant> implements ContextualSerializer {

        private final JsonSerializer<Object> delegate;

        CanonicalWriter(JsonSerializer<Object> delegate) {
            super(Instant.class);
            this.delegate = delegate;
        }

        @Override
        @SuppressWarnings("unchecked")
        public JsonSerializer<?> createContextual(SerializerProvider provider, BeanProperty property) throws JsonMappingException {
            JsonSerializer<Object> contextual = delegate instanceof ContextualSerializer c
                    ? (JsonSerializer<Object>) c.createContextual(provider, property) : delegate;
            JsonFormat.Value format = findFormatOverrides(provider, property, Instant.class);
            if (format != null && (format.hasPattern() || format.hasShape() || format.hasLenient() || format.hasTimeZone()
                    || format.hasLocale())) {
                // a format of its own: the delegate alone, as it writes that format
                return contextual;
            }
            return new CanonicalWriter(contextual);
        }

        @Override
        public void serialize(Instant value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            if (provider.isEnabled(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)) {
                delegate.serialize(value, generator, provider);
            } else {
                generator.writeString(IsoInstants.format(value));
            }
        }

        @Override
        public void serializeWithType(Instant value, JsonGenerator generator, SerializerProvider provider, TypeSerializer types)
                throws IOException {
            delegate.serializeWithType(value, generator, provider, types);
        }
    }

    /** The canonical shape parsed here, everything else by {@code delegate}. */
    static final class CanonicalFirst extends DelegatingDeserializer {

        CanonicalFirst(JsonDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
            return new CanonicalFirst(delegate);
        }

        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property) throws JsonMappingException {
            JsonDeserializer<?> contextual = super.createContextual(ctxt, property);
            JsonFormat.Value format = findFormatOverrides(ctxt, property, Instant.class);
            if (format != null && (format.hasPattern() || format.hasShape() || format.hasLenient() || format.hasTimeZone()
                    || format.hasLocale())) {
                // a format of its own: the delegate alone, as it reads that format
                return contextual instanceof CanonicalFirst wrapper ? wrapper.getDelegatee() : contextual;
            }
            return contextual;
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.hasToken(JsonToken.VALUE_STRING)) {
                Instant instant = IsoInstants.parseCanonical(parser.getText());
                if (instant != null) {
                    return instant;
                }
            }
            return _delegatee.deserialize(parser, context);
        }
    }
}
