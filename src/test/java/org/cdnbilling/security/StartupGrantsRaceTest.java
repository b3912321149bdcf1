package org.cdnbilling.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.authorization.Resources;
import org.cdnbilling.support.DemoApplicationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Nodes starting at once on one database each make the grants (the CI run of stop 29 lost a node that way: its
 * set-up collided with the other node's on one grant after another until its retries were spent and the engine
 * did not start). Several set-ups racing from the start all succeed, and each grant exists once.
 */
@DemoApplicationTest
class StartupGrantsRaceTest {

    private static final int NODES = 6;

    @Autowired
    ProcessEngine engine;

    @Autowired
    EngineAuthorizations grants;

    @Autowired
    OperatorAccountInitializer operator;

    @Test
    void setUpsRacingOnOneDatabaseAllSucceedAndGrantOnce() throws Exception {
        AuthorizationService authorizations = engine.getAuthorizationService();
        // as on a fresh database: none of the grants made yet
        for (Authorization grant : authorizations.createAuthorizationQuery()
                .groupIdIn(Roles.SUPPORT, Groups.CAMUNDA_ADMIN).list()) {
            authorizations.deleteAuthorization(grant.getId());
        }
        int supportGrants = 5;
        CyclicBarrier start = new CyclicBarrier(NODES);
        ExecutorService nodes = Executors.newFixedThreadPool(NODES);
        try {
            List<Future<?>> setUps = new ArrayList<>();
            for (int i = 0; i < NODES; i++) {
                setUps.add(nodes.submit(() -> {
                    start.await();
                    grants.postProcessEngineBuild(engine);
                    operator.postProcessEngineBuild(engine);
                    return null;
                }));
            }
            for (Future<?> setUp : setUps) {
                setUp.get(2, TimeUnit.MINUTES);
            }
        } finally {
            nodes.shutdownNow();
        }
        assertThat(authorizations.createAuthorizationQuery().groupIdIn(Roles.SUPPORT).count()).isEqualTo(supportGrants);
        assertThat(authorizations.createAuthorizationQuery().groupIdIn(Groups.CAMUNDA_ADMIN).count())
                .isEqualTo(Resources.values().length);
        assertThat(authorizations.createAuthorizationQuery().groupIdIn(Roles.SUPPORT)
                .resourceType(Resources.APPLICATION).resourceId("cockpit").count()).isEqualTo(1);
    }
}
