package org.cdnbilling.support;

import java.util.UUID;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.identity.User;

/**
 * Operator users of a test's own: tests that send wrong passwords use a user of their own and leave the shared
 * demo operator alone.
 */
public final class Operators {

    private Operators() {
    }

    /** Creates an operator (member of camunda-admin) and returns its id; its password is "secret-" + id. */
    public static String createOperator(IdentityService identity) {
        String id = "op" + UUID.randomUUID().toString().substring(0, 8);
        User user = identity.newUser(id);
        user.setPassword("secret-" + id);
        identity.saveUser(user);
        identity.createMembership(id, Groups.CAMUNDA_ADMIN);
        return id;
    }
}
