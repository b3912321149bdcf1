package org.cdnbilling.overdue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.cdnbilling.provisioning.ProvisioningException;
import org.cdnbilling.provisioning.ServiceStateChange;
import org.cdnbilling.provisioning.ServiceSuspensionBackend;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * A control plane that records every suspend and resume call with its idempotency key, and fails for the accounts
 * a test names (as a control plane that is down would).
 */
public class RecordingSuspensionBackend implements ServiceSuspensionBackend {

    public record Call(String kind, long ownerId, String idempotencyKey) {
    }

    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Set<Long> failing = ConcurrentHashMap.newKeySet();
    private final Set<Long> losingAnswer = ConcurrentHashMap.newKeySet();

    @Override
    public void suspend(ServiceStateChange change) {
        record("suspend", change);
    }

    @Override
    public void resume(ServiceStateChange change) {
        record("resume", change);
    }

    private void record(String kind, ServiceStateChange change) {
        if (failing.contains(change.ownerId())) {
            throw new ProvisioningException("connection to the CDN control plane refused");
        }
        calls.add(new Call(kind, change.ownerId(), change.idempotencyKey()));
        if (losingAnswer.remove(change.ownerId())) {
            throw new ProvisioningException("read timed out (the control plane did it, its answer was lost)");
        }
    }

    /** The next call for the account is carried out, but its answer is lost: the caller sees a failure. */
    public void loseNextAnswerFor(long ownerId) {
        losingAnswer.add(ownerId);
    }

    public List<Call> callsFor(long ownerId) {
        return calls.stream().filter(call -> call.ownerId() == ownerId).toList();
    }

    public void failFor(long ownerId) {
        failing.add(ownerId);
    }

    public void recoverFor(long ownerId) {
        failing.remove(ownerId);
    }

    @TestConfiguration
    public static class Configuration {
        @Bean
        @Primary
        RecordingSuspensionBackend recordingSuspensionBackend() {
            return new RecordingSuspensionBackend();
        }
    }
}
