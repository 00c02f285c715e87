package io.salespipeline.query.readyourwrites;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The projections (processing groups) a query endpoint reads, so that {@code minPosition} waits for those
 * and no others. Without it an endpoint waits for every projection; an empty list means it reads the event
 * log itself, which holds every committed event.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface ReadsFrom {

    String[] value();
}
