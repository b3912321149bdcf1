package org.cdnbilling.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one idempotent set-up step (one row: a group, a grant, a membership) at start-up again when it fails: with several nodes starting on one database
 * at once, another node may insert the same row first (a unique key refuses the second insert), and the next
 * attempt finds it made.
 */
final class StartupRetries {

    private static final Logger log = LoggerFactory.getLogger(StartupRetries.class);
    private static final int ATTEMPTS = 3;

    private StartupRetries() {
    }

    static void run(String step, Runnable idempotentStep) {
        for (int attempt = 1; ; attempt++) {
            try {
                idempotentStep.run();
                return;
            } catch (RuntimeException e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
                log.info("{} raced with another node ({}); checking again", step, e.getMessage());
            }
        }
    }
}
