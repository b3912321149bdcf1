package org.cdnbilling.provisioning;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Calls the {@link ProvisioningBackend} with a time limit, on a bounded pool of its own: a backend that
 * hangs costs the caller (a job executor thread) at most {@link ProvisioningSettings#timeout()}, then a
 * {@link ProvisioningTimeoutException}, so the job is retried instead of blocked. An abandoned call is
 * interrupted.
 */
@Component
public class TimeLimitedProvisioning implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(TimeLimitedProvisioning.class);

    private final ProvisioningBackend backend;
    private final ServiceSuspensionBackend suspensions;
    private final Duration timeout;
    private final int maxConcurrentCalls;
    private final ThreadPoolExecutor calls;

    public TimeLimitedProvisioning(ProvisioningBackend backend, ServiceSuspensionBackend suspensions,
            ProvisioningSettings settings) {
        this.backend = backend;
        this.suspensions = suspensions;
        this.timeout = settings.timeout();
        this.maxConcurrentCalls = settings.maxConcurrentCalls();
        AtomicInteger threads = new AtomicInteger();
        this.calls = new ThreadPoolExecutor(maxConcurrentCalls, maxConcurrentCalls, 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(), task -> {
                    Thread thread = new Thread(task, "provisioning-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        this.calls.allowCoreThreadTimeOut(true);
    }

    /**
     * @throws ProvisioningTimeoutException if the backend did not answer in time
     * @throws ProvisioningException if the backend failed
     */
    public ProvisionedService provision(ProvisioningRequest request) {
        return call(() -> backend.provision(request), "Provisioning of order " + request.orderId());
    }

    /** Takes a service offline, within the time limit (see {@link #provision}). */
    public void suspend(ServiceStateChange change) {
        call(() -> {
            suspensions.suspend(change);
            return null;
        }, "Suspension of the CDN service of account " + change.ownerId());
    }

    /** Brings a service back online, within the time limit (see {@link #provision}). */
    public void resume(ServiceStateChange change) {
        call(() -> {
            suspensions.resume(change);
            return null;
        }, "Resumption of the CDN service of account " + change.ownerId());
    }

    private <T> T call(Callable<T> backendCall, String what) {
        Map<String, String> logContext = MDC.getCopyOfContextMap();
        Future<T> call;
        try {
            call = calls.submit(() -> {
                if (logContext != null) {
                    MDC.setContextMap(logContext);
                }
                try {
                    return backendCall.call();
                } finally {
                    MDC.clear();
                }
            });
        } catch (RejectedExecutionException e) {
            throw ProvisioningTimeoutException.allCallsWaiting(maxConcurrentCalls);
        }
        try {
            return call.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            log.warn("{} abandoned: no answer within {}", what, timeout);
            throw ProvisioningTimeoutException.after(timeout);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new ProvisioningException(String.valueOf(e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw new ProvisioningException("the call was interrupted before it answered", e);
        }
    }

    @Override
    public void destroy() {
        calls.shutdownNow();
    }
}
