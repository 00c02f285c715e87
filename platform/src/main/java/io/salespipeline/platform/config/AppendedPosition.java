package io.salespipeline.platform.config;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.OptionalLong;

/**
 * The global position (index in the log) of the last event a unit of work appended, as the event store
 * assigned it: what a command answers as its {@code position}, so that a reader can wait until the read
 * models have applied it (read-your-writes).
 */
public final class AppendedPosition {

    private static final String RESOURCE = AppendedPosition.class.getName();

    private AppendedPosition() {
    }

    /** Called by the event store when it appended events in the current unit of work. */
    static void record(long globalIndex) {
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().root().resources().merge(RESOURCE, globalIndex,
                    (a, b) -> Math.max((Long) a, (Long) b));
        }
    }

    /** The position of the last event appended in {@code unitOfWork}'s root, once its events are stored. */
    public static OptionalLong of(UnitOfWork<?> unitOfWork) {
        Object position = unitOfWork.root().resources().get(RESOURCE);
        return position == null ? OptionalLong.empty() : OptionalLong.of((Long) position);
    }
}
