package io.salespipeline.platform.config;

import org.axonframework.config.EventProcessingConfiguration;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * PostgreSQL {@code LISTEN/NOTIFY} between the command side and the query side of a split deployment, so
 * that a command's events reach the read models within milliseconds instead of at the next poll:
 * <ul>
 * <li>after each commit of events in this process, a {@code NOTIFY} on the channel — sent by one thread
 * of its own, outside the commands' transactions (a {@code NOTIFY} inside them would serialize their
 * commits), coalescing the commits that happened while it was sending;</li>
 * <li>where event processors run, one connection of its own {@code LISTEN}s and wakes the event store's
 * readers on each notification.</li>
 * </ul>
 * Polling every {@code pipeline.event-store.fetch-delay} stays the fallback: a lost notification (a broken
 * connection, a restart) delays nothing longer than that. Off on other databases and with
 * {@code pipeline.event-store.notifications.enabled=false}.
 */
@Component
public class EventNotifications implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EventNotifications.class);
    private static final Duration RECONNECT_DELAY = Duration.ofSeconds(1);

    private final NotifyingEventStore eventStore;
    private final DataSource dataSource;
    private final DataSourceProperties dataSourceProperties;
    private final ObjectProvider<EventProcessingConfiguration> processing;
    private final String channel;
    private final boolean enabled;
    private final AtomicBoolean pending = new AtomicBoolean();
    private volatile boolean running;
    private Thread notifier;
    private Thread listener;

    public EventNotifications(NotifyingEventStore eventStore, DataSource dataSource,
                              DataSourceProperties dataSourceProperties,
                              ObjectProvider<EventProcessingConfiguration> processing, EventStoreProperties properties) {
        this.eventStore = eventStore;
        this.dataSource = dataSource;
        this.dataSourceProperties = dataSourceProperties;
        this.processing = processing;
        this.channel = properties.notifications().channel();
        this.enabled = properties.notifications().enabled()
                && String.valueOf(dataSourceProperties.determineUrl()).startsWith("jdbc:postgresql:");
    }

    @Override
    public void start() {
        if (!enabled) {
            return;
        }
        running = true;
        notifier = new Thread(this::notifyLoop, "event-notifier");
        notifier.setDaemon(true);
        notifier.start();
        eventStore.onCommit(this::committed);
        EventProcessingConfiguration processors = processing.getIfAvailable();
        if (processors != null && !processors.eventProcessors().isEmpty()) {
            listener = new Thread(this::listenLoop, "event-listener");
            listener.setDaemon(true);
            listener.start();
        }
    }

    private void committed() {
        if (running && pending.compareAndSet(false, true)) {
            LockSupport.unpark(notifier);
        }
    }

    private void notifyLoop() {
        while (running) {
            if (!pending.getAndSet(false)) {
                LockSupport.park(this);
                continue;
            }
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("notify " + channel);
            } catch (SQLException e) {
                // the readers elsewhere still poll; nothing is lost
                log.debug("could not notify '{}': {}", channel, e.toString());
            }
        }
    }

    private void listenLoop() {
        while (running) {
            try (Connection connection = DriverManager.getConnection(dataSourceProperties.determineUrl(),
                    dataSourceProperties.determineUsername(), dataSourceProperties.determinePassword());
                 Statement statement = connection.createStatement()) {
                statement.execute("listen " + channel);
                PGConnection postgres = connection.unwrap(PGConnection.class);
                // whatever was committed while not listening
                eventStore.eventsCommittedElsewhere();
                while (running) {
                    PGNotification[] notifications = postgres.getNotifications(1000);
                    if (notifications != null && notifications.length > 0) {
                        eventStore.eventsCommittedElsewhere();
                    } else if (!connection.isValid(2)) {
                        break;
                    }
                }
            } catch (SQLException e) {
                if (running) {
                    log.warn("listening for '{}' failed ({}); polling until it is back", channel, e.getMessage());
                }
            }
            if (running) {
                LockSupport.parkNanos(RECONNECT_DELAY.toNanos());
            }
        }
    }

    @Override
    public void stop() {
        running = false;
        if (notifier != null) {
            LockSupport.unpark(notifier);
        }
        if (listener != null) {
            listener.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** After the event processors have started, before they stop. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }
}
