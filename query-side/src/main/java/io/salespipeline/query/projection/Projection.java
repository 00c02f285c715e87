package io.salespipeline.query.projection;

/**
 * A projection that can be rebuilt into fresh tables: its processing group (the event processor that keeps
 * it current), its tables ({@link ProjectionTables}) and a handler writing into tables of a given suffix.
 */
public interface Projection {

    /** The processing group, e.g. {@code lead-views}. */
    String name();

    /** An event handler (an object with {@code @EventHandler} methods) writing into the tables under {@code suffix}. */
    Object handlerWritingTo(String suffix);

    default ProjectionTables tables() {
        return ProjectionTables.of(name());
    }
}
