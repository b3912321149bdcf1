package org.cdnbilling.overdue;

import java.util.List;
import java.util.Map;
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
 * A control plane that records every suspend and resume call with its idempotency key, keeps which services it
 * has offline (a resume of a service it has online changes nothing, as the real one), and fails for the accounts
 * a test names (as a control plane that is down would). A test can have something happen while a suspension is
 * under way: before the control plane carries it out, or after it did and before it answers.
 */
public class RecordingSuspensionBackend implements ServiceSuspensionBackend {

    public record Call(String kind, long ownerId, String idempotencyKey) {
    }

    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Set<Long> failing = ConcurrentHashMap.newKeySet();
    private final Set<Long> losingAnswer = ConcurrentHashMap.newKeySet();
    private final Set<Long> offline = ConcurrentHashMap.newKeySet();
    private final Map<Long, Runnable> beforeSuspending = new ConcurrentHashMap<>();
    private final Map<Long, Runnable> beforeAnsweringSuspension = new ConcurrentHashMap<>();

    @Override
    public void suspend(ServiceStateChange change) {
        Runnable before = beforeSuspending.remove(change.ownerId());
        if (before != null) {
            before.run();
        }
        record("suspend", change, () -> {
            offline.add(change.ownerId());
            Runnable meanwhile = beforeAnsweringSuspension.remove(change.ownerId());
            if (meanwhile != null) {
                meanwhile.run();
            }
        });
    }

    @Override
    public void resume(ServiceStateChange change) {
        record("resume", change, () -> offline.remove(change.ownerId()));
    }

    private void record(String kind, ServiceStateChange change, Runnable work) {
        if (failing.contains(change.ownerId())) {
            throw new ProvisioningException("connection to the CDN control plane refused");
        }
        calls.add(new Call(kind, change.ownerId(), change.idempotencyKey()));
        boolean answerLost = losingAnswer.remove(change.ownerId());
        work.run();
        if (answerLost) {
            throw new ProvisioningException("read timed out (the control plane did it, its answer was lost)");
        }
    }

    /** The next call for the account is carried out, but its answer is lost: the caller sees a failure. */
    public void loseNextAnswerFor(long ownerId) {
        losingAnswer.add(ownerId);
    }

    /** Whether the control plane has the account's service offline. */
    public boolean hasOffline(long ownerId) {
        return offline.contains(ownerId);
    }

    /** Runs once, when the next suspension of the account arrives, before the control plane carries it out. */
    public void beforeNextSuspensionOf(long ownerId, Runnable action) {
        beforeSuspending.put(ownerId, action);
    }

    /** Runs once, after the control plane carried out the next suspension of the account, before it answers. */
    public void afterNextSuspensionOf(long ownerId, Runnable action) {
        beforeAnsweringSuspension.put(ownerId, action);
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
