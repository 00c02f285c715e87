package io.salespipeline.platform.config;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.AbstractDataSource;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event store's and token store's connections ({@link EventStoreConfiguration#connectionProvider}) go back to the
 * pool once, with their transaction. A second close of a pooled connection after it went back lands on whoever
 * borrowed it next (HikariCP clears the statement list the two share): a unit of work must not close its connection
 * again at its cleanup, as Axon's default provider does.
 */
class EventStoreConnectionsTest {

    /** Hands out connections that count their closes (and otherwise answer like an idle connection). */
    static final class CountingDataSource extends AbstractDataSource {

        final List<AtomicInteger> closes = new ArrayList<>();

        @Override
        public Connection getConnection() {
            AtomicInteger closed = new AtomicInteger();
            closes.add(closed);
            boolean[] autoCommit = {true};
            return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{Connection.class},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "close" -> {
                            closed.incrementAndGet();
                            yield null;
                        }
                        case "isClosed" -> closed.get() > 0;
                        case "getAutoCommit" -> autoCommit[0];
                        case "setAutoCommit" -> {
                            autoCommit[0] = (Boolean) args[0];
                            yield null;
                        }
                        case "equals" -> proxy == args[0];
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "toString" -> "connection " + closes.indexOf(closed);
                        case "isReadOnly", "isWrapperFor" -> false;
                        case "getTransactionIsolation" -> Connection.TRANSACTION_READ_COMMITTED;
                        default -> null;
                    });
        }

        @Override
        public Connection getConnection(String username, String password) {
            return getConnection();
        }
    }

    @Test
    void aUnitOfWorksConnection_goesBackOnceWithItsTransaction_committedOrRolledBack() throws SQLException {
        CountingDataSource dataSource = new CountingDataSource();
        ConnectionProvider connections = new EventStoreConfiguration().connectionProvider(dataSource);
        SpringTransactionManager transactions = new SpringTransactionManager(new DataSourceTransactionManager(dataSource));

        for (boolean commit : new boolean[]{true, false}) {
            UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(new GenericMessage<>("command"));
            unitOfWork.attachTransaction(transactions);
            // as the event store and the token store use it: a connection per statement, closed after it
            Connection first = connections.getConnection();
            first.close();
            Connection second = connections.getConnection();
            second.close();
            if (commit) {
                unitOfWork.commit();
            } else {
                unitOfWork.rollback();
            }
        }

        assertThat(dataSource.closes).as("one connection per unit of work, the transaction's")
                .hasSize(2)
                .allSatisfy(closes -> assertThat(closes.get()).as("closes of a connection").isEqualTo(1));
    }

    @Test
    void withoutATransaction_eachConnectionIsClosedOnceByItsUser() throws SQLException {
        CountingDataSource dataSource = new CountingDataSource();
        ConnectionProvider connections = new EventStoreConfiguration().connectionProvider(dataSource);

        connections.getConnection().close();
        connections.getConnection().close();

        assertThat(dataSource.closes).hasSize(2).allSatisfy(closes -> assertThat(closes.get()).isEqualTo(1));
    }
}
