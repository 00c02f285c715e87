package io.salespipeline.standalone;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Says loudly at start-up that the demo users (password = user name) are active. */
@Component
@ConditionalOnProperty(name = "pipeline.demo-users", havingValue = "true")
class DemoUsersNotice {

    private static final Logger log = LoggerFactory.getLogger(DemoUsersNotice.class);

    @EventListener(ApplicationReadyEvent.class)
    void warn() {
        log.warn("DEMO USERS ACTIVE: sales/sales, manager/manager, analyst/analyst, admin/admin (HTTP Basic). "
                + "For anything but a local trial run with --spring.profiles.active=postgres and your own users.");
    }
}
