package org.cdnbilling.security;

import org.camunda.bpm.engine.authorization.Groups;

/**
 * The Camunda groups the gate ({@link SecurityGate}) lets in, as docs/security.md lists them. A user in none of
 * them may log in nowhere: every path that needs a login answers it 403.
 */
final class Roles {

    /** The operator: everything. */
    static final String ADMIN = Groups.CAMUNDA_ADMIN;
    /** Read-only support: Cockpit and reading the engine REST API. */
    static final String SUPPORT = "support";
    /** The metering pipeline: {@code POST /admin/usage} and nothing else. */
    static final String METERING = "cdn-metering";
    /** Prometheus: {@code GET /actuator/prometheus} and nothing else. */
    static final String MONITORING = "cdn-monitoring";

    private Roles() {
    }
}
