package org.cdnbilling.security;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Makes the configured operator a Camunda administrator, creating the user or taking over a changed
 * password, and lifts any lock on it (an earlier release let ten wrong passwords lock it for good). It runs
 * as the engine is built, inside the application context's start, so before the web server takes a request:
 * there is never a moment in which the operator does not exist (and no request can create the first
 * administrator, see {@link GateResponses#REFUSED}). Safe when several nodes start at once: a node that loses
 * the race finds the user made.
 */
@Component
@Order(2)
class OperatorAccountInitializer extends AbstractProcessEnginePlugin {

    private static final Logger log = LoggerFactory.getLogger(OperatorAccountInitializer.class);

    private final OperatorSettings operator;

    OperatorAccountInitializer(OperatorSettings operator) {
        this.operator = operator;
    }

    @Override
    public void postProcessEngineBuild(ProcessEngine engine) {
        IdentityService identity = engine.getIdentityService();
        ensureOperator(identity);
    }

    /** The user, the group and the membership, each a step of its own retried when another node made it first. */
    void ensureOperator(IdentityService identity) {
        StartupRetries.run("Operator " + operator.user(), () -> ensureUser(identity));
        EngineAuthorizations.ensureGroup(identity, Groups.CAMUNDA_ADMIN, EngineAuthorizations.ADMIN_GROUP_NAME,
                Groups.GROUP_TYPE_SYSTEM);
        StartupRetries.run("Membership of " + operator.user(), () -> {
            if (identity.createUserQuery().userId(operator.user()).memberOfGroup(Groups.CAMUNDA_ADMIN).count() == 0) {
                identity.createMembership(operator.user(), Groups.CAMUNDA_ADMIN);
            }
        });
    }

    private void ensureUser(IdentityService identity) {
        User user = identity.createUserQuery().userId(operator.user()).singleResult();
        if (user == null) {
            user = identity.newUser(operator.user());
            user.setFirstName("CDN");
            user.setLastName("Operator");
            user.setPassword(operator.password());
            identity.saveUser(user);
            log.info("Operator {} created", operator.user());
        } else {
            identity.unlockUser(operator.user());
            if (!identity.checkPassword(operator.user(), operator.password())) {
                user.setPassword(operator.password());
                identity.saveUser(user);
                identity.unlockUser(operator.user());
                log.info("Operator {} password updated from configuration", operator.user());
            }
        }
    }
}
