package org.cdnbilling.security;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Makes the configured operator a Camunda administrator, creating the user or taking over a changed
 * password. Safe when several nodes start at once: a node that loses the race finds the user made.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class OperatorAccountInitializer implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(OperatorAccountInitializer.class);

    private final IdentityService identity;
    private final OperatorSettings operator;

    OperatorAccountInitializer(IdentityService identity, OperatorSettings operator) {
        this.identity = identity;
        this.operator = operator;
    }

    @Override
    public void run(ApplicationArguments args) {
        try {
            ensureOperator();
        } catch (RuntimeException e) {
            log.info("Operator set-up raced with another node ({}); checking again", e.getMessage());
            ensureOperator();
        }
    }

    private void ensureOperator() {
        User user = identity.createUserQuery().userId(operator.user()).singleResult();
        if (user == null) {
            user = identity.newUser(operator.user());
            user.setFirstName("CDN");
            user.setLastName("Operator");
            user.setPassword(operator.password());
            identity.saveUser(user);
            log.info("Operator {} created", operator.user());
        } else if (!identity.checkPassword(operator.user(), operator.password())) {
            user.setPassword(operator.password());
            identity.saveUser(user);
            log.info("Operator {} password updated from configuration", operator.user());
        }
        if (identity.createGroupQuery().groupId(Groups.CAMUNDA_ADMIN).singleResult() == null) {
            Group admins = identity.newGroup(Groups.CAMUNDA_ADMIN);
            admins.setName("Camunda BPM Administrators");
            admins.setType(Groups.GROUP_TYPE_SYSTEM);
            identity.saveGroup(admins);
        }
        if (identity.createUserQuery().userId(operator.user()).memberOfGroup(Groups.CAMUNDA_ADMIN).count() == 0) {
            identity.createMembership(operator.user(), Groups.CAMUNDA_ADMIN);
        }
    }
}
