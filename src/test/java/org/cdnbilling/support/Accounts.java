package org.cdnbilling.support;

import java.util.concurrent.atomic.AtomicLong;

/** Fresh accounts for tests that must not share state with the demo accounts or with each other. */
public final class Accounts {

    private static final AtomicLong NEXT_OWNER_ID = new AtomicLong(700_000 + (System.nanoTime() % 1000) * 1000);

    private Accounts() {
    }

    public static long freshOwnerId() {
        return NEXT_OWNER_ID.incrementAndGet();
    }

    /** The admin API body of an account that may open the CDN service. */
    public static String eligibleAccountJson() {
        return """
                {"realNameVerified":true,"profileComplete":true,"site":"domestic","intlAllowed":false,
                 "bidUser":false,"payMethodValid":true,"balance":100}""";
    }

    /** Creates an eligible account through the admin API and returns its OwnerId. */
    public static long createEligibleAccount(HttpTestClient client) {
        long ownerId = freshOwnerId();
        var reply = client.admin("PUT", "/admin/accounts/" + ownerId, eligibleAccountJson(), "demo", "demo");
        if (reply.status() != 201) {
            throw new IllegalStateException("Account not created: " + reply.status() + " " + reply.raw().body());
        }
        return ownerId;
    }
}
