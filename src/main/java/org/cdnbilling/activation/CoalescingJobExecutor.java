package org.cdnbilling.activation;

import java.time.Duration;
import org.camunda.bpm.engine.impl.jobexecutor.SequentialJobAcquisitionRunnable;
import org.camunda.bpm.engine.spring.components.jobexecutor.SpringJobExecutor;

/**
 * Camunda's Spring job executor, except that its acquisition thread, when a new job of this node wakes it,
 * first waits {@code gatherFor} so that the jobs of the next few requests are locked by the same
 * acquisition. Camunda wakes it for every job a transaction of this node commits, so under a steady stream
 * of activations it ran one acquisition (a query, a lock update, a commit) per job (README "Performance").
 * Polling, retries and jobs of other nodes are unchanged.
 */
class CoalescingJobExecutor extends SpringJobExecutor {

    private final Duration gatherFor;

    CoalescingJobExecutor(Duration gatherFor) {
        this.gatherFor = gatherFor;
    }

    @Override
    protected void ensureInitialization() {
        super.ensureInitialization();
        acquireJobsRunnable = new CoalescingAcquisition(this, gatherFor);
    }

    private static final class CoalescingAcquisition extends SequentialJobAcquisitionRunnable {

        private final long gatherMillis;

        CoalescingAcquisition(SpringJobExecutor jobExecutor, Duration gatherFor) {
            super(jobExecutor);
            this.gatherMillis = gatherFor.toMillis();
        }

        @Override
        protected void suspendAcquisition(long millis) {
            super.suspendAcquisition(millis);
            if (isJobAdded && !isInterrupted && gatherMillis > 0) {
                try {
                    Thread.sleep(gatherMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
